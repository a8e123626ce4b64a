package org.rnn4j.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rnn4j.classify.ClassificationData;
import org.rnn4j.classify.ClassifierBlend;
import org.rnn4j.classify.ClassifierModel;
import org.rnn4j.classify.ClassifyResult;
import org.rnn4j.classify.ClassifyRunner;
import org.rnn4j.classify.ClassifySettings;
import org.rnn4j.classify.PositionLinear;
import org.rnn4j.data.CsvTable;
import org.rnn4j.data.LabelledSequences;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.task.RunOptions;

/**
 * A classifier blended with a position-wise linear model exports as one graph whose output's softmax
 * is the blend's probabilities, in ONNX Runtime as in rnn4j, at opsets before and after ReduceSum-13.
 */
class BlendOnnxTest {

    private static ClassifierModel trained() throws Exception {
        Random rnd = new Random(4);
        StringBuilder csv = new StringBuilder("id,class,sequence\n");
        for (int i = 0; i < 240; i++) {
            char[] s = new char[8];
            for (int t = 0; t < 8; t++) {
                s[t] = "ACGT".charAt(rnd.nextInt(4));
            }
            String label = s[2] == 'G' ? "x" : s[5] == 'A' ? "y" : "z";
            csv.append(i).append(',').append(label).append(',').append(s).append('\n');
        }
        ClassificationData data = ClassificationData.fromCsv(CsvTable.parse(csv.toString(), "sites.csv"),
                ClassifySettings.perRow("sequence", "class").withIdColumn("id"));
        ClassifyResult r = ClassifyRunner.train(data, ClassifyRunner.defaultHyperParameters().withHiddenSize(6)
                .withLimits(40, 0, 0), RunOptions.none());
        ClassifierBlend b = r.model().blend();
        assertNotNull(b);
        assertTrue(((PositionLinear) b.linear()).pairs(), "the graph computes the adjacent pairs' features too");
        // a weight strictly inside (0, 1), so that both models count in the comparison
        return r.model().withBlend(new ClassifierBlend(b.linear(), 0.4, b.networkLoss(), b.linearLoss(),
                b.blendLoss()));
    }

    @Test
    void theExportedBlendScoresAsRnn4jDoes() throws Exception {
        ClassifierModel m = trained();
        int batch = 5;
        int steps = 8;
        Random rnd = new Random(9);
        int[][] seqs = new int[batch][steps];
        int[] timeMajor = new int[steps * batch];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                // sequence a holds the unknown token, a character the training sequences never had
                seqs[b][t] = b == 0 && t == 3 ? m.encoding().unknownId() : rnd.nextInt(4);
                timeMajor[t * batch + b] = seqs[b][t];
            }
        }
        assertEquals(4, m.encoding().unknownId());
        LabelledSequences input = new LabelledSequences(java.util.List.of("a", "b", "c", "d", "e"), null, seqs,
                new int[batch], m.encoding().classNames());
        double[][] expected = m.predict(input);
        for (int opset : new int[] {11, ExportOptions.DEFAULT_OPSET, ExportOptions.MAX_OPSET}) {
            for (boolean bf : new boolean[] {false, true}) {
                ExportOptions o = ExportOptions.defaults().withOpset(opset).withBatchFirst(bf)
                        .withOptionalInputs(opset >= 15);
                byte[] onnx = OnnxExport.model(m.model(), m.taskJson(null), o);
                Map<String, float[]> got;
                try (Ort ort = new Ort(onnx)) {
                    ort.feedLongs(OnnxExport.TOKENS, bf ? Models.swapTB(timeMajor, steps, batch) : timeMajor,
                            bf ? batch : steps, bf ? steps : batch);
                    if (opset < 15) {
                        ort.feedLongs(OnnxExport.LENGTHS, new int[] {steps, steps, steps, steps, steps}, batch);
                        int states = 2;
                        ort.feed(OnnxExport.H0, new float[states * batch * 6], states, batch, 6);
                        if (m.model().config().rnn().cell() == CellType.LSTM) {
                            ort.feed(OnnxExport.C0, new float[states * batch * 6], states, batch, 6);
                        }
                    }
                    got = ort.run();
                }
                assertProbabilities(expected, got.get(OnnxExport.OUTPUT),
                        "opset " + opset + (bf ? " batch-first" : ""));
            }
        }
    }

    @Test
    void theExportedSummaryBlendOfDenseSequencesOfDifferentLengthsScoresAsRnn4jDoes() throws Exception {
        Random rnd = new Random(6);
        StringBuilder csv = new StringBuilder("id,t,class,x,y\n");
        for (int i = 0; i < 120; i++) {
            int label = i % 3;
            int steps = 4 + rnd.nextInt(5);
            for (int t = 0; t < steps; t++) {
                csv.append(i).append(',').append(t).append(",c").append(label).append(',')
                        .append(rnd.nextGaussian() + label).append(',').append(rnd.nextGaussian()).append('\n');
            }
        }
        ClassificationData data = ClassificationData.fromCsv(CsvTable.parse(csv.toString(), "series.csv"),
                ClassifySettings.longForm("id", "t", "class"));
        ClassifyResult r = ClassifyRunner.train(data, ClassifyRunner.defaultHyperParameters().withHiddenSize(5)
                .withLimits(30, 0, 0), RunOptions.none());
        ClassifierBlend b = r.model().blend();
        assertNotNull(b);
        ClassifierModel m = r.model().withBlend(new ClassifierBlend(b.linear(), 0.3, b.networkLoss(),
                b.linearLoss(), b.blendLoss()));
        int batch = 4;
        int steps = 7;
        int[] lengths = {7, 3, 1, 5};
        float[][][] seqs = new float[batch][][];
        float[] timeMajor = new float[steps * batch * 2];
        for (int k = 0; k < batch; k++) {
            seqs[k] = new float[lengths[k]][2];
            for (int t = 0; t < lengths[k]; t++) {
                for (int f = 0; f < 2; f++) {
                    seqs[k][t][f] = (float) rnd.nextGaussian();
                    timeMajor[(t * batch + k) * 2 + f] = seqs[k][t][f];
                }
            }
        }
        double[][] expected = m.predict(new LabelledSequences(java.util.List.of("a", "b", "c", "d"), seqs, null,
                new int[batch], m.encoding().classNames()));
        for (int opset : new int[] {11, ExportOptions.DEFAULT_OPSET, ExportOptions.MAX_OPSET}) {
            for (boolean bf : new boolean[] {false, true}) {
                ExportOptions o = ExportOptions.defaults().withOpset(opset).withBatchFirst(bf)
                        .withOptionalInputs(opset >= 15);
                Map<String, float[]> got;
                try (Ort ort = new Ort(OnnxExport.model(m.model(), m.taskJson(null), o))) {
                    ort.feed(OnnxExport.INPUT, bf ? Models.swapTB(timeMajor, steps, batch, 2) : timeMajor,
                            bf ? batch : steps, bf ? steps : batch, 2);
                    ort.feedLongs(OnnxExport.LENGTHS, lengths, batch);
                    if (opset < 15) {
                        ort.feed(OnnxExport.H0, new float[2 * batch * 5], 2, batch, 5);
                        if (m.model().config().rnn().cell() == CellType.LSTM) {
                            ort.feed(OnnxExport.C0, new float[2 * batch * 5], 2, batch, 5);
                        }
                    }
                    got = ort.run();
                }
                assertProbabilities(expected, got.get(OnnxExport.OUTPUT),
                        "opset " + opset + (bf ? " batch-first" : ""));
            }
        }
    }

    /** {@code logits} [B, C] are the logs of {@code expected}'s probabilities, row by row. */
    private static void assertProbabilities(double[][] expected, float[] logits, String where) {
        int classes = expected[0].length;
        for (int b = 0; b < expected.length; b++) {
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                sum += Math.exp(logits[b * classes + c]);
            }
            assertEquals(1, sum, 1e-5, where + ": the output is the log of probabilities");
            for (int c = 0; c < classes; c++) {
                assertEquals(expected[b][c], Math.exp(logits[b * classes + c]) / sum, Ort.TOLERANCE,
                        where + ", sequence " + b + ", class " + c);
            }
        }
    }

    @Test
    void aMalformedBlendIsRefused() throws Exception {
        ClassifierModel m = trained();
        var task = m.taskJson(null);
        ((com.fasterxml.jackson.databind.node.ObjectNode) task.get("blend")).put("network_weight", 2);
        OnnxExportException e = assertThrows(OnnxExportException.class,
                () -> OnnxExport.model(m.model(), task, ExportOptions.defaults()));
        assertTrue(e.getMessage().contains("blend is malformed"), e.getMessage());
        PositionLinear lin = (PositionLinear) m.blend().linear();
        assertEquals(8, lin.positions());
    }
}
