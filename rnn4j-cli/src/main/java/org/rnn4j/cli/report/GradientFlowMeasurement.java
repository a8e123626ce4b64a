package org.rnn4j.cli.report;

import java.util.ArrayList;
import java.util.List;
import org.rnn4j.analysis.StepNorms;

/**
 * What {@code rnn4j gradflow} measured for one model on one batch.
 *
 * @param label        the model's name in tables and plots
 * @param jacobian     ‖∂h_T/∂h_t‖ per layer, direction and step
 * @param lossGradient ‖∂L/∂h_t‖ per layer, direction and step
 * @param loss         the batch's mean loss
 */
public record GradientFlowMeasurement(String label, StepNorms jacobian, StepNorms lossGradient, double loss) {

    /** The time steps measured. */
    public int steps() {
        return jacobian.steps();
    }

    /** One row per layer and direction, in layer order. */
    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (int layer = 0; layer < jacobian.layers(); layer++) {
            for (int dir = 0; dir < jacobian.directions(); dir++) {
                rows.add(new Row(this, layer, dir));
            }
        }
        return rows;
    }

    /** One layer and direction of a measured model: a column of the table, a row of a heat map. */
    public record Row(GradientFlowMeasurement measured, int layer, int direction) {

        /** {@code L0}, {@code L1 bwd}, ..., after the model's label when several models are shown. */
        public String name(boolean withLabel) {
            String name = "L" + layer
                    + (measured.jacobian().directions() == 2 ? (direction == 0 ? " fwd" : " bwd") : "");
            return withLabel ? measured.label() + " " + name : name;
        }

        /** ‖∂h_T/∂h_t‖ by lag, relative to lag 0. */
        public double[] relativeJacobianByLag() {
            double[] values = measured.jacobian().byLag(layer, direction);
            double ref = values[0];
            for (int k = 0; k < values.length; k++) {
                values[k] /= ref;
            }
            return values;
        }

        /** ‖∂L/∂h_t‖ by lag. */
        public double[] lossGradientByLag() {
            return measured.lossGradient().byLag(layer, direction);
        }

        /** The memory horizon, or -1 when the norm never falls below the fraction within the sequence. */
        public int horizonSteps() {
            return measured.jacobian().horizon(layer, direction);
        }

        /** The memory horizon for a table: the lag, or {@code > T-1}. */
        public String horizon() {
            int h = horizonSteps();
            return h < 0 ? "> " + (measured.jacobian().steps() - 1) : Integer.toString(h);
        }
    }
}
