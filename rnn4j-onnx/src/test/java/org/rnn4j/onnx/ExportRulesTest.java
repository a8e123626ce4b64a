package org.rnn4j.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.kernel.Activation;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.OutputMode;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;

/** What is refused and why, the opsets each graph needs, and what the file says about itself. */
class ExportRulesTest {

    private static SequenceModel lstm() {
        return Models.random(CellType.LSTM, Activation.TANH, 9, 3, 4, 2, false, 9, OutputMode.EVERY_STEP, 1);
    }

    @Test
    void anLstmProjectionIsRefusedNamingIt() {
        RecurrentConfig rc = RecurrentConfig.builder(CellType.LSTM, 3, 5).projSize(2).build();
        SequenceModel m = new SequenceModel(new ModelConfig(0, rc, 2, OutputMode.LAST_STEP, 0, false),
                KernelProvider.scalar());
        OnnxExportException e = assertThrows(OnnxExportException.class,
                () -> OnnxExport.model(m, null, ExportOptions.defaults()));
        assertEquals("this LSTM has a projection (proj_size 2), which ONNX's LSTM operator does not have;"
                + " only models without proj_size can be exported", e.getMessage());
        assertEquals(0, e.neededOpset());
    }

    @Test
    void optionalInputsNeedOpset15() {
        OnnxExport.model(lstm(), null, ExportOptions.defaults().withOpset(15));
        OnnxExportException e = assertThrows(OnnxExportException.class,
                () -> OnnxExport.model(lstm(), null, ExportOptions.defaults().withOpset(14)));
        assertEquals("opset 14 is too low for this model, which needs opset 15: OptionalGetElement (opset 15) for"
                + " the optional inputs lengths, h0 and c0 (plain inputs need no optional type)", e.getMessage());
        assertEquals(15, e.neededOpset());
    }

    @Test
    void plainInputsNeedOpset9ForSequencesOfLengthZero() {
        ExportOptions plain = ExportOptions.defaults().withOptionalInputs(false);
        OnnxExport.model(lstm(), null, plain.withOpset(9));
        OnnxExportException e = assertThrows(OnnxExportException.class,
                () -> OnnxExport.model(lstm(), null, plain.withOpset(8)));
        assertEquals("opset 8 is too low for this model, which needs opset 9: Where (opset 9) for sequences of"
                + " length 0 keeping their initial state", e.getMessage());
        e = assertThrows(OnnxExportException.class, () -> OnnxExport.model(lstm(), null, plain.withOpset(6)));
        assertEquals("opset 6 is too low for this model, which needs opset 9: Where (opset 9) for sequences of"
                + " length 0 keeping their initial state; LSTM (opset 7) for the LSTM layers; Add (opset 7) for the head",
                e.getMessage());
    }

    @Test
    void opsetsBeyondTheCheckedRangeAreRefusedByTheOptions() {
        assertThrows(IllegalArgumentException.class, () -> ExportOptions.defaults().withOpset(0));
        assertThrows(IllegalArgumentException.class,
                () -> ExportOptions.defaults().withOpset(ExportOptions.MAX_OPSET + 1));
    }

    @Test
    void theFileCarriesTheArchitectureTheTaskAndTheLayout() throws Exception {
        SequenceModel m = lstm();
        ObjectNode task = ModelDirectory.newObject().put("task", "lm");
        task.putArray("vocabulary").add("a").add("b");
        ModelProto p = ModelProto.parseFrom(OnnxExport.model(m, task, ExportOptions.defaults().withBatchFirst(true)));
        Map<String, String> meta = p.getMetadataPropsList().stream()
                .collect(Collectors.toMap(StringStringEntryProto::getKey, StringStringEntryProto::getValue));
        assertEquals(ModelDirectory.modelToJson(m.config()).toString(), meta.get(OnnxExport.MODEL_METADATA));
        assertEquals(task.toString(), meta.get(OnnxExport.TASK_METADATA));
        assertEquals("batch_first", meta.get(OnnxExport.LAYOUT_METADATA));
        assertEquals(17, p.getOpsetImport(0).getVersion());
        assertEquals(8, p.getIrVersion());
        assertEquals("rnn4j", p.getProducerName());
        assertEquals(List.of("tokens", "lengths", "h0", "c0"),
                p.getGraph().getInputList().stream().map(i -> i.getName()).toList());
        assertEquals(List.of("output", "h_n", "c_n"),
                p.getGraph().getOutputList().stream().map(i -> i.getName()).toList());
    }

    @Test
    void irVersionsFollowTheOnnxVersioningTable() {
        int[][] table = {{9, 4}, {10, 5}, {11, 6}, {12, 7}, {14, 7}, {15, 8}, {18, 8}, {19, 9}, {20, 9}, {21, 10}};
        for (int[] row : table) {
            assertEquals(row[1], OnnxExport.irVersion(row[0]), "opset " + row[0]);
        }
    }

    @Test
    void everyOpsetFromTheLowestToTheHighestRunsInOnnxRuntime() throws Exception {
        SequenceModel m = Models.random(CellType.GRU, Activation.TANH, 0, 3, 4, 2, true, 2, OutputMode.LAST_STEP, 2);
        float[] x = Models.uniform(5 * 2 * 3, -1, 1, 3);
        Models.Forward want = Models.forward(m, null, x, 5, 2, null, null);
        for (int opset = ExportOptions.PLAIN_INPUTS_OPSET; opset <= ExportOptions.MAX_OPSET; opset++) {
            boolean optional = opset >= ExportOptions.OPTIONAL_INPUTS_OPSET;
            ExportOptions o = ExportOptions.defaults().withOpset(opset).withOptionalInputs(optional);
            try (Ort ort = new Ort(OnnxExport.model(m, null, o))) {
                ort.feed(OnnxExport.INPUT, x, 5, 2, 3);
                if (!optional) {
                    ort.feedLongs(OnnxExport.LENGTHS, new int[] {5, 5}, 2).feed(OnnxExport.H0, new float[4 * 2 * 4], 4,
                            2, 4);
                }
                Map<String, float[]> got = ort.run();
                GoldenLayerOnnxTest.assertClose("output at opset " + opset, want.output(), got.get(OnnxExport.OUTPUT));
            }
        }
        assertTrue(ExportOptions.DEFAULT_OPSET >= ExportOptions.OPTIONAL_INPUTS_OPSET);
    }
}
