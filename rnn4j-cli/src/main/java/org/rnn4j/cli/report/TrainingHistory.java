package org.rnn4j.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rnn4j.io.AtomicFiles;
import org.rnn4j.train.StepResult;
import org.rnn4j.train.TrainingListener;

/**
 * Records a training run for its report: every step's loss, gradient norm (before clipping), whether
 * it was clipped, and every validation. One run holds at most a few hundred thousand steps, so
 * everything is kept. Saved beside the model ({@value #FILE}) so that a resumed run's report shows the
 * whole run, from its first step, with the validations before the resume.
 */
public final class TrainingHistory implements TrainingListener {

    /** The history's file in the model directory. */
    public static final String FILE = "history.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    final List<Integer> steps = new ArrayList<>();
    final List<Double> losses = new ArrayList<>();
    final List<Double> gradNorms = new ArrayList<>();
    final List<Boolean> clipped = new ArrayList<>();
    final List<Integer> validationSteps = new ArrayList<>();
    final List<Double> validationLosses = new ArrayList<>();

    @Override
    public void onStep(StepEvent event) {
        StepResult r = event.result();
        steps.add(r.step());
        losses.add(r.loss());
        gradNorms.add(r.gradNorm());
        clipped.add(r.clipped());
    }

    @Override
    public void onValidation(int step, double loss) {
        validationSteps.add(step);
        validationLosses.add(loss);
    }

    /** Saved with each checkpoint, so that a run resumed from it keeps its history. */
    @Override
    public void onCheckpoint(int step, Path dir) {
        try {
            save(dir);
        } catch (IOException e) {
            // the checkpoint itself is written; without the history only the plots of a resumed run are shorter
        }
    }

    /** The share of steps whose gradients were clipped. */
    double clipRate() {
        if (clipped.isEmpty()) {
            return Double.NaN;
        }
        long n = clipped.stream().filter(c -> c).count();
        return (double) n / clipped.size();
    }

    /** The steps recorded, in order. */
    public List<Integer> steps() {
        return List.copyOf(steps);
    }

    /** The steps at which the run validated, in order. */
    public List<Integer> validationSteps() {
        return List.copyOf(validationSteps);
    }

    /** Writes the history into {@code dir} as {@value #FILE} (atomically). */
    public void save(Path dir) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        ArrayNode step = o.putArray("step");
        ArrayNode loss = o.putArray("loss");
        ArrayNode norm = o.putArray("grad_norm");
        ArrayNode clip = o.putArray("clipped");
        for (int i = 0; i < steps.size(); i++) {
            step.add(steps.get(i));
            number(loss, losses.get(i));
            number(norm, gradNorms.get(i));
            clip.add(clipped.get(i));
        }
        ArrayNode vStep = o.putArray("validation_step");
        ArrayNode vLoss = o.putArray("validation_loss");
        for (int i = 0; i < validationSteps.size(); i++) {
            vStep.add(validationSteps.get(i));
            number(vLoss, validationLosses.get(i));
        }
        AtomicFiles.writeString(dir.resolve(FILE), JSON.writeValueAsString(o) + "\n");
    }

    /**
     * The history saved in {@code dir} up to {@code lastStep} (the checkpoint resumed: steps after it
     * are trained again), or an empty one when the directory has none or it cannot be read, as with
     * models written before histories were saved.
     */
    public static TrainingHistory resumed(Path dir, int lastStep) {
        TrainingHistory h = new TrainingHistory();
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return h;
        }
        try {
            JsonNode o = JSON.readTree(file.toFile());
            JsonNode step = o.path("step");
            for (int i = 0; i < step.size(); i++) {
                if (step.get(i).asInt() <= lastStep) {
                    h.steps.add(step.get(i).asInt());
                    h.losses.add(value(o.path("loss").get(i)));
                    h.gradNorms.add(value(o.path("grad_norm").get(i)));
                    h.clipped.add(o.path("clipped").path(i).asBoolean());
                }
            }
            JsonNode vStep = o.path("validation_step");
            for (int i = 0; i < vStep.size(); i++) {
                if (vStep.get(i).asInt() <= lastStep) {
                    h.validationSteps.add(vStep.get(i).asInt());
                    h.validationLosses.add(value(o.path("validation_loss").get(i)));
                }
            }
        } catch (IOException | RuntimeException e) {
            // a history is for the plots only: without it the report shows this run's steps
            return new TrainingHistory();
        }
        return h;
    }

    private static void number(ArrayNode a, double v) {
        if (Double.isFinite(v)) {
            a.add(v);
        } else {
            a.addNull();
        }
    }

    private static double value(JsonNode n) {
        return n == null || n.isNull() ? Double.NaN : n.asDouble();
    }
}
