package org.rnn4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.rnn4j.InvalidInputException;
import org.rnn4j.data.TextFiles;
import org.rnn4j.data.Vocabulary;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.io.SafeTensors;
import org.rnn4j.io.SafeTensorsFile;
import org.rnn4j.io.StateDicts;
import org.rnn4j.kernel.Activation;
import org.rnn4j.lm.LanguageModel;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.OutputMode;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.task.TaskTraining;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rnn4j import-torch --weights FILE.safetensors --out DIR}: a model directory from a PyTorch
 * {@code state_dict} saved with safetensors. The architecture comes from the file's {@code rnn4j_model}
 * metadata when {@code export-torch} wrote it, else from the tensors' names and shapes
 * ({@link TorchArchitecture}); the task data from {@code rnn4j_task}, or for a language model from the
 * training text ({@code --vocab-text}), whose characters in code-point order are the ids (as
 * {@code sorted(set(text))} gives in Python).
 */
@Command(name = "import-torch",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Makes a model directory from a PyTorch state_dict in safetensors: a module with submodules"
                    + " embedding (nn.Embedding, optional), rnn (nn.RNN/LSTM/GRU) and decoder (nn.Linear).",
            "Cell, layers, sizes, direction, biases and projection are read from the tensors' names and shapes;"
                    + " files written by export-torch also restore the task data.",
            "For a character language model trained elsewhere give --vocab-text with its training text.",
        })
final class ImportTorchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    UsageStyle usageStyle;

    @Option(names = "--weights", required = true, paramLabel = "FILE.safetensors", description = "The state_dict.")
    Path weights;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The model directory to create.")
    Path out;

    @Option(names = "--activation", paramLabel = "FN", converter = OptionValues.Nonlinearity.class,
            showDefaultValue = Help.Visibility.NEVER,
            description = "The nonlinearity of an nn.RNN (shapes cannot tell): tanh or relu. Default: tanh.")
    Activation activation;

    @Option(names = "--output", paramLabel = "MODE", showDefaultValue = Help.Visibility.NEVER,
            description = "Where the decoder reads: every-step or last-step. Default: every-step for a token model"
                    + " whose output width is its vocabulary (a language model), else last-step.")
    String output;

    @Option(names = "--vocab-text", paramLabel = "FILE", showDefaultValue = Help.Visibility.NEVER,
            description = "Make it a character language model whose vocabulary is the characters of FILE."
                    + " Default: none (the vocabulary saved by export-torch, else no character model).")
    Path vocabText;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() throws IOException {
        ModelDirs.requireFile(spec.commandLine(), "--weights", weights);
        if (vocabText != null) {
            ModelDirs.requireFile(spec.commandLine(), "--vocab-text", vocabText);
        }
        OutputMode mode = parseOutput();
        if (Files.exists(out.resolve(ModelDirectory.MANIFEST))) {
            throw new BadArgumentException(spec.commandLine(),
                    "--out: " + out + " already holds a model; choose another"
                            + " directory");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new BadArgumentException(spec.commandLine(), "--out: " + out + " is a file; expected a directory");
        }
        SafeTensorsFile file = SafeTensors.read(weights);
        ObjectMapper mapper = new ObjectMapper();
        ModelConfig config;
        ObjectNode task = ModelDirectory.newObject();
        String savedModel = file.metadata().get(TorchArchitecture.MODEL_METADATA);
        if (savedModel != null && activation == null && mode == null) {
            config = ModelDirectory.modelFromJson(mapper.readTree(savedModel),
                    weights + ": metadata " + TorchArchitecture.MODEL_METADATA);
        } else {
            config = TorchArchitecture.infer(file, activation, mode);
        }
        String savedTask = file.metadata().get(TorchArchitecture.TASK_METADATA);
        if (savedTask != null && vocabText == null) {
            JsonNode t = mapper.readTree(savedTask);
            if (t != null && t.isObject()) {
                task = (ObjectNode) t;
            }
        }
        SequenceModel model = new SequenceModel(config, Main.kernels());
        Set<String> extra = TorchArchitecture.unexpected(file, model.namedParameters().keySet());
        if (!extra.isEmpty()) {
            throw new InvalidInputException(weights + " has tensors that a " + ModelDirectory.modelToJson(config)
                    + " model does not: " + String.join(", ", extra));
        }
        StateDicts.load(model.parameters(), "", file);
        if (vocabText != null) {
            Vocabulary v = Vocabulary.of(TextFiles.readUtf8(vocabText));
            if (v.size() != config.vocabSize()) {
                throw new InvalidInputException(vocabText + " has " + v.size() + " distinct characters but the model's"
                        + " embedding has " + config.vocabSize() + " rows — was it trained on another text?");
            }
            task = new LanguageModel(model, v).taskJson();
        }
        String taskName = task.path(TaskTraining.TASK_KEY).asText("");
        if (taskName.equals(LanguageModel.TASK)) {
            LanguageModel.fromContents(new ModelDirectory.Contents(model, task, null, mapper.createObjectNode()),
                    weights.toString());
        }
        try (InterruptCleanup cleanup = InterruptCleanup.install()) {
            ModelDirectory.save(out, model, task, null, 0);
        }
        long parameters = ModelDirs.parameterCount(model);
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "imported %s (%,d parameters) into %s%n", describe(config), parameters, out);
        if (taskName.isEmpty()) {
            o.println("  no task data: the model serves through the Java API (org.rnn4j.serve) and can be inspected or"
                    + " exported; give --vocab-text to make it a language model for sample and eval");
        }
        if (json.requested()) {
            JsonResult r = new JsonResult();
            r.put("model", out.toString());
            r.put("task", taskName);
            r.root().set("architecture", ModelDirectory.modelToJson(config));
            r.put("parameters", parameters);
            r.print(o);
        }
        o.flush();
        return ExitCodes.OK;
    }

    private OutputMode parseOutput() {
        if (output == null) {
            return null;
        }
        return switch (output.toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "every-step" -> OutputMode.EVERY_STEP;
            case "last-step" -> OutputMode.LAST_STEP;
            default ->
                throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--output':"
                        + " expected every-step or last-step, got '" + output + "'");
        };
    }

    private static String describe(ModelConfig c) {
        var r = c.rnn();
        return String.format(Locale.ROOT, "%s %d×%d%s, %s → %d per %s", r.cell().torchModule(), r.numLayers(),
                r.hiddenSize(), r.bidirectional() ? " bidirectional" : "",
                c.tokenInput() ? c.vocabSize() + " tokens" : r.inputSize() + " features", c.outputSize(),
                c.output() == OutputMode.EVERY_STEP ? "step" : "sequence");
    }
}
