package org.rnn4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.io.SafeTensors;
import org.rnn4j.io.StateDicts;
import org.rnn4j.io.TensorData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rnn4j export-torch --model DIR --out FILE.safetensors}: the model's parameters as a PyTorch
 * {@code state_dict} in safetensors, loadable with {@code safetensors.torch.load_file} and
 * {@code module.load_state_dict} into a module with submodules {@code embedding} (nn.Embedding, token
 * models only), {@code rnn} (nn.RNN / nn.LSTM / nn.GRU) and {@code decoder} (nn.Linear).
 *
 * <p>The metadata carries the architecture ({@code rnn4j_model}) and the task data ({@code rnn4j_task},
 * e.g. the vocabulary) as JSON strings, so that {@code import-torch} restores the same model directory.
 */
@Command(name = "export-torch",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Writes a model's parameters as a PyTorch state_dict in safetensors (names embedding.weight,"
                    + " rnn.weight_ih_l0, ..., decoder.weight, decoder.bias).",
            "The architecture and task data go into the file's metadata, for import-torch.",
        })
final class ExportTorchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    UsageStyle usageStyle;

    @Mixin
    ModelOption model;

    @Option(names = "--out", required = true, paramLabel = "FILE.safetensors",
            description = "The file to write (atomically).")
    Path out;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() throws IOException {
        ModelDirectory.Contents c = model.load();
        CsvText.checkOutputFile(spec.commandLine(), "--out", out);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("producer", "rnn4j " + VersionProvider.rnn4jVersion());
        meta.put(TorchArchitecture.MODEL_METADATA, ModelDirectory.modelToJson(c.model().config()).toString());
        meta.put(TorchArchitecture.TASK_METADATA, c.task().toString());
        Map<String, TensorData> tensors = StateDicts.toTensors(c.model().parameters(), "");
        try (InterruptCleanup cleanup = InterruptCleanup.install()) {
            SafeTensors.write(out, meta, tensors);
        }
        long parameters = ModelDirs.parameterCount(c.model());
        PrintWriter o = spec.commandLine().getOut();
        o.printf("wrote %d tensors (%,d parameters) to %s%n", tensors.size(), parameters, out);
        if (json.requested()) {
            JsonResult r = new JsonResult();
            r.put("out", out.toString());
            r.put("tensors", tensors.size());
            r.put("parameters", parameters);
            r.print(o);
        }
        o.flush();
        return ExitCodes.OK;
    }
}
