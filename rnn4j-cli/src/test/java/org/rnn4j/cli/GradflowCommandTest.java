package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.data.Vocabulary;
import org.rnn4j.data.synthetic.SyntheticTask;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.lm.LanguageModel;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.OutputMode;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.train.InitConfig;
import org.rnn4j.train.Initializer;
import org.rnn4j.util.Rng;

/** {@code rnn4j gradflow} through {@link Main#run}, on small models and short sequences. */
class GradflowCommandTest {

    @TempDir
    Path dir;

    @Test
    void compareFiveCellsWritesTableReportAndJson() throws Exception {
        Path out = dir.resolve("compare");
        CliRun run = CliRun.of("gradflow", "--compare", "--hidden", "8", "--T", "20", "--batch", "2", "--out",
                out.toString(), "--json");
        JsonNode json = CliAsserts.okJson(run);
        assertEquals(20, json.get("T").asInt());
        JsonNode models = json.get("models");
        assertEquals(5, models.size());
        for (String name : List.of("rnn-sigmoid", "rnn-tanh", "rnn-relu", "lstm", "gru")) {
            assertTrue(run.out.contains(name), name + "\n" + run);
        }
        JsonNode layer = models.get(3).get("layers").get(0);
        assertEquals(1.0, layer.get("jacobian_by_lag").get(0).asDouble(), 1e-9, "lag 0 is the identity");
        assertEquals(20, layer.get("loss_gradient_by_lag").size());
        assertTrue(run.out.contains("memory horizon"), run::toString);
        for (String f : List.of("report.html", "jacobian-heatmap.png", "jacobian-curves.png",
                "loss-gradient-heatmap.png",
                "loss-gradient-curves.png")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        String html = Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8);
        assertTrue(html.contains("jacobian-heatmap.png") && html.contains("Memory horizon"));
    }

    /** The sigmoid RNN forgets sooner than the tanh RNN, which forgets sooner than the LSTM (forget bias 1). */
    @Test
    void horizonsOrderAsTheTheorySays() throws Exception {
        CliRun run = CliRun.of("gradflow", "--compare", "--hidden", "16", "--T", "60", "--batch", "4", "--out",
                dir.toString(), "--json");
        JsonNode models = CliAsserts.okJson(run).get("models");
        int sigmoid = horizon(models.get(0));
        int tanh = horizon(models.get(1));
        int lstm = horizon(models.get(3));
        assertTrue(sigmoid > 0 && sigmoid < tanh, run::toString);
        assertTrue(lstm == -1 || lstm > tanh, run::toString);
    }

    private static int horizon(JsonNode model) {
        JsonNode h = model.get("layers").get(0).get("horizon");
        return h.isNull() ? -1 : h.asInt();
    }

    @Test
    void stackedLstmOnTheCopyTask() throws Exception {
        CliRun run = CliRun.of("gradflow", "--cell", "lstm", "--layers", "2", "--hidden", "6", "--task", "copy", "--T",
                "5", "--batch", "2", "--out", dir.toString(), "--json");
        JsonNode json = CliAsserts.okJson(run);
        assertEquals(25, json.get("T").asInt(), "copy: T+20 steps");
        assertEquals(2, json.get("models").get(0).get("layers").size());
        assertTrue(run.out.contains("L1"), run::toString);
    }

    @Test
    void explodeRunsTheClippingStudy() throws Exception {
        CliRun run = CliRun.of("gradflow", "--explode", "--hidden", "8", "--T", "30", "--batch", "4", "--clip-steps",
                "4",
                "--out", dir.toString(), "--json");
        JsonNode model = CliAsserts.okJson(run).get("models").get(0);
        assertEquals("rnn-tanh", model.get("name").asText());
        assertTrue(model.get("layers").get(0).get("horizon").isNull(), "growing norms have no horizon\n" + run);
        JsonNode clipping = model.get("clipping");
        assertEquals(4, clipping.get("steps").asInt());
        assertTrue(clipping.get("clip_rate").asDouble() > 0.5, run::toString);
        assertTrue(clipping.get("max_norm_after").asDouble() <= 1.0 + 1e-6, run::toString);
        assertTrue(clipping.get("max_norm_before").asDouble() > 1.0, run::toString);
        assertTrue(run.out.contains("clipping study"), run::toString);
        assertTrue(Files.exists(dir.resolve("clipping-rnn-tanh.png")));
    }

    /** Every cell in the exploding regime, including a ReLU RNN whose forward pass overflows at once. */
    @Test
    void compareExplodeSurvivesOverflow() throws Exception {
        CliRun run = CliRun.of("gradflow", "--compare", "--explode", "--hidden", "32", "--T", "100", "--batch", "2",
                "--clip-steps", "2", "--out", dir.toString(), "--json");
        JsonNode models = CliAsserts.okJson(run).get("models");
        assertEquals(5, models.size());
        assertTrue(run.out.contains("rnn-relu"), run::toString);
        assertTrue(Files.exists(dir.resolve("clipping-rnn-tanh.png")));
    }

    @Test
    void savedModelOnItsTask() throws Exception {
        RecurrentConfig rc = new RecurrentConfig(CellType.GRU, null, 2, 5, 1, true, true, 0, false);
        SequenceModel model = new SequenceModel(SyntheticTask.ADDING.modelConfig(rc), KernelProvider.get());
        Initializer.initialize(model, InitConfig.pytorch(), new Rng(3));
        Path saved = dir.resolve("adder");
        ModelDirectory.save(saved, model, ModelDirectory.newObject(), null, 3);
        CliRun run = CliRun.of("gradflow", "--model", saved.toString(), "--T", "12", "--batch", "2", "--out",
                dir.resolve("report").toString(), "--json");
        JsonNode layers = CliAsserts.okJson(run).get("models").get(0).get("layers");
        assertEquals(2, layers.size(), "forward and backward directions");
        assertEquals(1, layers.get(1).get("direction").asInt());
        assertTrue(run.out.contains("L0 bwd"), run::toString);
    }

    @Test
    void languageModelOnAText() throws Exception {
        String text = "the quick brown fox jumps over the lazy dog. ".repeat(20);
        Vocabulary vocabulary = Vocabulary.of(text);
        RecurrentConfig rc = new RecurrentConfig(CellType.LSTM, null, 8, 10, 1, false, true, 0, false);
        SequenceModel model = new SequenceModel(new ModelConfig(vocabulary.size(), rc, vocabulary.size(),
                OutputMode.EVERY_STEP, 0, false), KernelProvider.get());
        Initializer.initialize(model, InitConfig.pytorch(), new Rng(4));
        Path saved = dir.resolve("lm");
        new LanguageModel(model, vocabulary).save(saved, 4);
        Path file = dir.resolve("text.txt");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        CliRun run = CliRun.of("gradflow", "--model", saved.toString(), "--text", file.toString(), "--T", "16",
                "--batch",
                "3", "--out", dir.resolve("report").toString(), "--json");
        JsonNode json = CliAsserts.okJson(run);
        assertEquals(16, json.get("T").asInt());
        assertTrue(json.get("models").get(0).get("loss").asDouble() > 0, run::toString);

        // without --text the model does not fit the adding problem: the message says what to do
        CliRun adding = CliRun.of("gradflow", "--model", saved.toString(), "--out", dir.resolve("r2").toString());
        CliAsserts.oneLineError(adding, ExitCodes.FAILURE, "--text FILE");
    }

    @Test
    void usageErrors() {
        CliAsserts.oneLineError(CliRun.of("gradflow", "--model", dir.toString(), "--cell", "lstm"), ExitCodes.USAGE,
                "cannot be used with --model");
        CliAsserts.oneLineError(CliRun.of("gradflow", "--text", "x.txt"), ExitCodes.USAGE, "--text needs --model");
        CliAsserts.oneLineError(CliRun.of("gradflow", "--compare", "--cell", "gru"), ExitCodes.USAGE,
                "leave out --cell");
        CliAsserts.oneLineError(CliRun.of("gradflow", "--task", "sort"), ExitCodes.USAGE, "adding or copy");
        CliAsserts.oneLineError(CliRun.of("gradflow", "--model", dir.resolve("missing").toString()), ExitCodes.USAGE,
                "no such model directory");
        CliAsserts.oneLineError(CliRun.of("gradflow", "--T", "1", "--out", dir.toString()), ExitCodes.USAGE,
                "at least 2");
    }
}
