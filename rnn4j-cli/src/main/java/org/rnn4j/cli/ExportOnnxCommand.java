package org.rnn4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.onnx.ExportOptions;
import org.rnn4j.onnx.OnnxExport;
import org.rnn4j.onnx.OnnxExportException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code rnn4j export-onnx --model DIR --out FILE.onnx}: the model as an ONNX graph of the RNN, LSTM and
 * GRU operators, for ONNX Runtime and other ONNX runtimes ({@link OnnxExport} says what the graph takes
 * and returns; {@code docs/onnx.md} how to run it). The file is built whole in memory and written
 * atomically, so a refused model or a too-low {@code --opset} writes nothing.
 */
@Command(name = "export-onnx",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Writes a model as ONNX: inputs tokens (or input), lengths, h0, c0; outputs output, h_n, c_n.",
            "Feeding h_n (and c_n) back as h0 (and c0) streams the model; lengths gives each sequence's"
                    + " valid steps. The vocabulary or normalization is kept in the file's metadata.",
            "An LSTM with a projection (proj_size) cannot be exported: ONNX's LSTM has none.",
        })
final class ExportOnnxCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    UsageStyle usageStyle;

    @Mixin
    ModelOption model;

    @Option(names = "--out", required = true, paramLabel = "FILE.onnx",
            description = "The file to write (atomically).")
    Path out;

    @Option(names = "--opset", paramLabel = "N", defaultValue = "" + ExportOptions.DEFAULT_OPSET,
            description = "The ONNX opset, up to " + ExportOptions.MAX_OPSET + "; optional inputs need "
                    + ExportOptions.OPTIONAL_INPUTS_OPSET + ", plain inputs " + ExportOptions.PLAIN_INPUTS_OPSET
                    + ".")
    int opset;

    @Option(names = "--batch-first",
            description = "Sequence input and every-step output as [B, T, ...] instead of [T, B, ...].")
    boolean batchFirst;

    @Option(names = "--plain-inputs",
            description = "lengths, h0 and c0 as plain tensors that must always be fed, instead of ONNX optional"
                    + " inputs (for runtimes and APIs without the optional type; opset "
                    + ExportOptions.PLAIN_INPUTS_OPSET + " and up).")
    boolean plainInputs;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() throws IOException {
        if (opset < ExportOptions.MIN_OPSET || opset > ExportOptions.MAX_OPSET) {
            throw new ParameterException(spec.commandLine(), "--opset must be in [" + ExportOptions.MIN_OPSET + ", "
                    + ExportOptions.MAX_OPSET + "] (the opsets checked in ONNX Runtime), got " + opset);
        }
        ModelDirectory.Contents c = model.load();
        CsvText.checkOutputFile(spec.commandLine(), "--out", out);
        ExportOptions options = new ExportOptions(opset, batchFirst, !plainInputs);
        byte[] onnx;
        try {
            onnx = OnnxExport.model(c.model(), c.task(), options);
        } catch (OnnxExportException e) {
            if (e.neededOpset() > 0) {
                throw new BadArgumentException(spec.commandLine(), "--opset: " + e.getMessage());
            }
            throw e;
        }
        try (InterruptCleanup cleanup = InterruptCleanup.install()) {
            OnnxExport.write(out, onnx);
        }
        PrintWriter o = spec.commandLine().getOut();
        o.printf("wrote an ONNX model (opset %d, %s, %s inputs, %,d bytes) to %s%n", opset,
                batchFirst ? "batch-first" : "time-major", plainInputs ? "plain" : "optional", onnx.length, out);
        if (json.requested()) {
            JsonResult r = new JsonResult();
            r.put("out", out.toString());
            r.put("opset", opset);
            r.put("batch_first", batchFirst);
            r.put("optional_inputs", !plainInputs);
            r.put("bytes", onnx.length);
            r.print(o);
        }
        o.flush();
        return ExitCodes.OK;
    }
}
