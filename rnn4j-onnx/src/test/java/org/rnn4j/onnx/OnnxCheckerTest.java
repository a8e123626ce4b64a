package org.rnn4j.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.kernel.Activation;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.model.OutputMode;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.nn.recurrent.RecurrentLayer;

/**
 * Exported files pass {@code onnx.checker.check_model(full_check=True)} through {@code tools/onnx/check.py},
 * when {@code /usr/bin/python3} has the onnx package (Debian's python3-onnx); skipped otherwise.
 */
class OnnxCheckerTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @Test
    void exportedFilesPassTheOnnxChecker(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(
                Files.isExecutable(PYTHON) && run(List.of(PYTHON.toString(), "-c", "import onnx")).exit == 0,
                "/usr/bin/python3 with the onnx package is not installed");
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), script().toString()));
        int n = 0;
        for (CellType cell : CellType.values()) {
            for (OutputMode mode : OutputMode.values()) {
                boolean bi = mode == OutputMode.LAST_STEP;
                byte[] optional = OnnxExport.model(Models.random(cell, Activation.TANH, cell == CellType.GRU ? 0 : 9, 3,
                        4, 2, bi, 5, mode, n), null, ExportOptions.defaults().withBatchFirst(bi));
                byte[] plain = OnnxExport.model(Models.random(cell, Activation.RELU, 0, 3, 4, 1, !bi, 5, mode, n),
                        null, ExportOptions.defaults().withOptionalInputs(false)
                                .withOpset(ModelOnnxTest.plainOpset(mode)));
                command.add(Files.write(dir.resolve("m" + n++ + ".onnx"), optional).toString());
                command.add(Files.write(dir.resolve("m" + n++ + ".onnx"), plain).toString());
            }
        }
        RecurrentLayer layer = new RecurrentLayer(RecurrentConfig.builder(CellType.LSTM, 3, 4).layers(2)
                .bidirectional(true).batchFirst(true).build(), KernelProvider.scalar());
        command.add(
                Files.write(dir.resolve("layer.onnx"), OnnxExport.layer(layer, ExportOptions.defaults())).toString());
        Result r = run(command);
        assertEquals(0, r.exit, r.output);
        assertEquals(n + 1, r.output.lines().filter(l -> l.contains(": OK opset")).count(), r.output);
    }

    @Test
    void aBrokenFileFailsTheCheck(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(
                Files.isExecutable(PYTHON) && run(List.of(PYTHON.toString(), "-c", "import onnx")).exit == 0,
                "/usr/bin/python3 with the onnx package is not installed");
        byte[] good = OnnxExport.model(Models.random(CellType.GRU, Activation.TANH, 0, 3, 4, 1, false, 2,
                OutputMode.EVERY_STEP, 1), null, ExportOptions.defaults());
        // the opset says 17, the nodes are re-declared as an operator no opset has
        String text = new String(good, StandardCharsets.ISO_8859_1).replace("MatMul", "MatMuX");
        Path file = Files.write(dir.resolve("broken.onnx"), text.getBytes(StandardCharsets.ISO_8859_1));
        Result r = run(List.of(PYTHON.toString(), script().toString(), file.toString()));
        assertEquals(1, r.exit, r.output);
        assertTrue(r.output.contains("FAIL"), r.output);
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Result(p.exitValue(), out);
    }

    /** {@code tools/onnx/check.py} of this repository, found from the module's directory upwards. */
    private static Path script() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path s = d.resolve("tools/onnx/check.py");
            if (Files.isRegularFile(s)) {
                return s;
            }
        }
        throw new IllegalStateException("tools/onnx/check.py not found above " + Path.of("").toAbsolutePath());
    }
}
