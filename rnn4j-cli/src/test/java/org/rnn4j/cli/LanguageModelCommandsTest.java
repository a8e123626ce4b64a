package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.data.TextFiles;
import org.rnn4j.data.Vocabulary;
import org.rnn4j.io.SafeTensors;
import org.rnn4j.io.SafeTensorsFile;
import org.rnn4j.io.TensorData;
import org.rnn4j.testing.SharedFiles;

/**
 * The language-model path end to end on tiny-shakespeare: train (short, small), then sample, eval,
 * inspect, export-torch and import-torch on the trained model, and an exact resume.
 */
class LanguageModelCommandsTest {

    @TempDir
    static Path shared;
    static Path model;
    static JsonNode trained;
    static double unigramBits;

    @BeforeAll
    static void trainOnce() throws IOException {
        Path text = SharedFiles.data("tinyshakespeare.txt");
        String all = TextFiles.readUtf8(text);
        String head = all.substring(0, (int) (all.length() * 0.9));
        Vocabulary v = Vocabulary.of(head);
        unigramBits = Vocabulary.unigramEntropy(v.encode(head).ids(), v.size()) / Math.log(2);
        TrainedModel m = TrainedModel.train(shared, "lm", "--task", "lm", "--data", text.toString(), "--hidden", "128",
                "--layers", "1", "--embedding", "32", "--lr", "5e-3", "--steps", "150", "--validate-every", "50");
        model = m.dir();
        trained = m.json();
    }

    @Test
    void trainingReachesValidationBitsPerCharacterWellBelowTheUnigramEntropy() {
        assertTrue(unigramBits > 4.7 && unigramBits < 4.8, "unigram entropy of the training part: " + unigramBits);
        double bpc = trained.get("val_bpc").asDouble();
        assertTrue(bpc < unigramBits - 1.0, "validation " + bpc + " bits/char vs unigram " + unigramBits);
        assertEquals(150, trained.get("steps").asInt());
        for (String key : new String[] {"tokens_per_s", "train_loss", "val_loss", "val_bpc"}) {
            assertTrue(trained.get(key).isNumber(), key + " in " + trained);
        }
        assertEquals(trained.get("val_loss").asDouble() / Math.log(2), bpc, 1e-9);
        assertEquals(111_539, trained.get("val_characters").asInt(), "the whole last 10% is scored");
    }

    @Test
    void theModelDirectoryHoldsTheReportPlotsAndMetrics() throws IOException {
        for (String f : new String[] {"config.json", "report.html", "loss.png", "grad-norm.png", "clip-rate.png",
            "metrics.json"}) {
            assertTrue(Files.isRegularFile(model.resolve(f)), f);
        }
        String html = Files.readString(model.resolve("report.html"), StandardCharsets.UTF_8);
        assertTrue(html.contains("<img src=\"loss.png\""), html);
        assertTrue(html.contains("validation loss (bits per character)"), html);
        byte[] png = Files.readAllBytes(model.resolve("loss.png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        try (var files = Files.list(model)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file is left");
        }
    }

    @Test
    void sampleIsSeededAndStartsWithThePrime() {
        String[] args = {"sample", "--model", model.toString(), "--prime", "ROMEO:", "--length", "120", "--seed", "7",
            "--json"};
        JsonNode a = CliAsserts.okJson(CliRun.of(args));
        JsonNode b = CliAsserts.okJson(CliRun.of(args));
        assertEquals(a.get("text").asText(), b.get("text").asText(), "the same seed gives the same text");
        assertTrue(a.get("text").asText().startsWith("ROMEO:"));
        assertEquals(120, a.get("generated").asText().codePointCount(0, a.get("generated").asText().length()));
        assertEquals(0, a.get("skipped").asInt());
        args[8] = "8";
        assertNotEquals(a.get("text").asText(), CliAsserts.okJson(CliRun.of(args)).get("text").asText());
    }

    @Test
    void samplingSkipsUnseenPromptCharactersAndSaysSo() {
        CliRun run = CliRun.of("sample", "--model", model.toString(), "--prime", "R\u00e9OMEO\u00a7", "--length", "10",
                "--json");
        JsonNode j = CliAsserts.okJson(run);
        assertEquals(2, j.get("skipped").asInt());
        assertTrue(run.err.contains("2 characters of --prime are not in the model's vocabulary"), run::toString);
        CliRun greedy = CliRun.of("sample", "--model", model.toString(), "--temperature", "0", "--top-k", "3",
                "--length", "40");
        assertEquals(ExitCodes.OK, greedy.exitCode, greedy::toString);
    }

    @Test
    void evalScoresAWholeTextInBitsPerCharacter(@TempDir Path dir) throws IOException {
        String all = TextFiles.readUtf8(SharedFiles.data("tinyshakespeare.txt"));
        Path tail = dir.resolve("tail.txt");
        Files.writeString(tail, all.substring(all.length() - 20_000) + "\u00e9\u00e9", StandardCharsets.UTF_8);
        JsonNode j = CliAsserts
                .okJson(CliRun.of("eval", "--model", model.toString(), "--data", tail.toString(), "--json"));
        assertEquals(j.get("loss").asDouble() / Math.log(2), j.get("bpc").asDouble(), 1e-12);
        assertEquals(Math.exp(j.get("loss").asDouble()), j.get("perplexity").asDouble(), 1e-9);
        assertEquals(2, j.get("skipped").asInt(), "unseen characters are skipped and counted");
        assertTrue(j.get("bpc").asDouble() < unigramBits - 1.0, j::toString);
    }

    @Test
    void inspectDescribesTheModel() {
        CliRun run = CliRun.of("inspect", "--model", model.toString(), "--json");
        JsonNode j = CliAsserts.okJson(run);
        assertEquals("lm", j.get("task").asText());
        assertEquals("gru", j.get("architecture").get("cell").asText());
        assertEquals(128, j.get("architecture").get("hidden_size").asInt());
        assertTrue(j.get("resumable").asBoolean());
        assertEquals(150, j.get("step").asInt());
        assertEquals(65, j.get("task_data").get("vocabulary").size());
        assertEquals(trained.get("val_bpc").asDouble(), j.get("metrics").get("val_bpc").asDouble(), 0);
        assertTrue(run.out.contains("vocabulary    65 characters"), run::toString);
    }

    @Test
    void exportAndImportTorchRoundTrip(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("lm.safetensors");
        JsonNode e = CliAsserts.okJson(CliRun.of("export-torch", "--model", model.toString(), "--out", file.toString(),
                "--json"));
        assertEquals(7, e.get("tensors").asInt(), "embedding, 4 GRU tensors, decoder weight and bias");
        Path tail = dir.resolve("tail.txt");
        String all = TextFiles.readUtf8(SharedFiles.data("tinyshakespeare.txt"));
        Files.writeString(tail, all.substring(all.length() - 5_000), StandardCharsets.UTF_8);
        double original = CliAsserts.okJson(CliRun.of("eval", "--model", model.toString(), "--data", tail.toString(),
                "--json")).get("loss").asDouble();

        // with the metadata export-torch wrote: the same model directory back
        Path back = dir.resolve("back");
        JsonNode i = CliAsserts.okJson(CliRun.of("import-torch", "--weights", file.toString(), "--out", back.toString(),
                "--json"));
        assertEquals("lm", i.get("task").asText());
        assertEquals(original, CliAsserts.okJson(CliRun.of("eval", "--model", back.toString(), "--data",
                tail.toString(), "--json")).get("loss").asDouble(), 0.0);

        // a bare state_dict, as PyTorch's safetensors.torch.save_file writes it: the architecture from the
        // shapes, the vocabulary from the training text
        SafeTensorsFile f = SafeTensors.read(file);
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        for (String name : f.names()) {
            tensors.put(name, f.get(name));
        }
        Path bare = dir.resolve("bare.safetensors");
        SafeTensors.write(bare, Map.of(), tensors);
        Path inferred = dir.resolve("inferred");
        JsonNode k = CliAsserts.okJson(CliRun.of("import-torch", "--weights", bare.toString(), "--out",
                inferred.toString(), "--vocab-text", SharedFiles.data("tinyshakespeare.txt").toString(), "--json"));
        assertEquals("gru", k.get("architecture").get("cell").asText());
        assertEquals(128, k.get("architecture").get("hidden_size").asInt());
        assertEquals("every_step", k.get("architecture").get("output").asText());
        assertEquals(original, CliAsserts.okJson(CliRun.of("eval", "--model", inferred.toString(), "--data",
                tail.toString(), "--json")).get("loss").asDouble(), 0.0);

        // without --vocab-text: a model without a task, which sample refuses in one line
        Path plain = dir.resolve("plain");
        assertEquals("", CliAsserts.okJson(CliRun.of("import-torch", "--weights", bare.toString(), "--out",
                plain.toString(), "--json")).get("task").asText());
        CliAsserts.oneLineError(CliRun.of("sample", "--model", plain.toString()), ExitCodes.FAILURE,
                "holds a model without a task");
    }

    @Test
    void resumingContinuesExactly(@TempDir Path dir) throws IOException {
        Path text = dir.resolve("small.txt");
        Files.writeString(text, TextFiles.readUtf8(SharedFiles.data("tinyshakespeare.txt")).substring(0, 6000),
                StandardCharsets.UTF_8);
        String[] common = {"--task", "lm", "--data", text.toString(), "--hidden", "16", "--layers", "2",
            "--embedding", "8", "--batch", "4", "--seq-len", "16", "--dropout", "0.1", "--quiet", "--json"};
        JsonNode straight = CliAsserts.okJson(CliRun.of(CliRun.concat(new String[] {"train", "--out",
            dir.resolve("straight").toString(), "--epochs", "2"}, common)));
        CliAsserts.okJson(CliRun.of(CliRun.concat(new String[] {"train", "--out", dir.resolve("halves").toString(),
            "--epochs", "1"}, common)));
        JsonNode resumed = CliAsserts.okJson(CliRun.of("train", "--task", "lm", "--data", text.toString(), "--resume",
                dir.resolve("halves").toString(), "--epochs", "1", "--quiet", "--json"));
        assertEquals(straight.get("steps").asInt(), resumed.get("steps").asInt());
        assertEquals(straight.get("val_loss").asDouble(), resumed.get("val_loss").asDouble(), 0.0,
                "settings come from the checkpoint; optimizer, dropout generator, data cursor and carried state too");
        assertFalse(straight.get("val_loss").isNull());
    }
}
