package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.testing.SharedFiles;

/** Classification end to end: Japanese vowels (long form) and promoter DNA (one string per row). */
class ClassifyCommandsTest {

    @TempDir
    static Path shared;
    static TrainedModel vowels;

    @BeforeAll
    static void trainVowels() {
        vowels = TrainedModel.train(shared, "vowels", "--task", "classify", "--data",
                SharedFiles.data("japanese_vowels.csv").toString(), "--id-col", "series_id", "--order-col", "frame",
                "--label-col", "speaker", "--steps", "300");
    }

    @Test
    void japaneseVowelsAccuracyIsWellAboveTheMajorityClass() {
        assertTrue(vowels.json().get("accuracy").asDouble() > 0.9, vowels.json()::toString);
        assertTrue(vowels.json().get("majority_accuracy").asDouble() < 0.25, vowels.json()::toString);
        assertTrue(vowels.json().get("macro_f1").asDouble() > 0.85, vowels.json()::toString);
        assertEquals(370, vowels.json().get("count").asInt(), "the 370 test utterances of the split column");
        JsonNode confusion = vowels.json().get("confusion");
        assertEquals(9, confusion.size());
        int total = 0;
        for (JsonNode row : confusion) {
            assertEquals(9, row.size());
            for (JsonNode c : row) {
                total += c.asInt();
            }
        }
        assertEquals(370, total);
        assertTrue(Files.isRegularFile(vowels.dir().resolve("confusion.png")));
        // the run's best step and its validation loss, and the accuracy's interval and per-class scores
        assertTrue(vowels.json().get("best_step").asInt() <= vowels.json().get("steps").asInt(),
                vowels.json()::toString);
        assertTrue(vowels.json().get("best_val_loss").isNumber(), vowels.json()::toString);
        JsonNode ci = vowels.json().get("accuracy_ci95");
        double accuracy = vowels.json().get("accuracy").asDouble();
        assertTrue(ci.get(0).asDouble() < accuracy && accuracy < ci.get(1).asDouble(), vowels.json()::toString);
        JsonNode perClass = vowels.json().get("per_class");
        assertEquals(9, perClass.size());
        assertEquals("3", perClass.get(2).get("class").asText());
        assertEquals(88, perClass.get(2).get("support").asInt(), "88 test utterances of speaker 3");
        int correct = confusion.get(2).get(2).asInt();
        assertEquals(correct / 88.0, perClass.get(2).get("recall").asDouble(), 1e-12);
    }

    @Test
    void foldsCrossValidateThenTrainTheSavedModel(@TempDir Path dir) {
        CliRun run = CliRun.of("train", "classify", "--data", SharedFiles.data("promoters_dna.csv").toString(),
                "--sequence-col", "sequence", "--label-col", "class", "--folds", "3", "--hidden", "8", "--steps", "30",
                "--time-budget", "10m", "--out", dir.resolve("cv").toString(), "--json");
        JsonNode j = CliAsserts.okJson(run);
        JsonNode cv = j.get("cv");
        assertEquals(3, cv.get("folds").asInt());
        assertEquals(106, cv.get("count").asInt(), "every sequence is scored once");
        double mean = 0;
        for (JsonNode a : cv.get("fold_accuracy")) {
            mean += a.asDouble() / 3;
        }
        assertEquals(mean, cv.get("accuracy_mean").asDouble(), 1e-12);
        assertTrue(run.out.contains("(mean ± sd over 3 folds)"), run::toString);
        assertTrue(run.err.contains("fold 3 of 3"), run::toString);
        assertTrue(run.err.contains("3 fold models, then the saved one, each within --time-budget"), run::toString);
        assertTrue(!j.has("accuracy"), "no test part left: the folds are the score");
        assertTrue(Files.isRegularFile(dir.resolve("cv").resolve("config.json")));
    }

    @Test
    void evalAndClassifyScoreTheSameModel(@TempDir Path dir) throws IOException {
        String data = SharedFiles.data("japanese_vowels.csv").toString();
        JsonNode e = CliAsserts.okJson(CliRun.of("eval", "--model", vowels.dir().toString(), "--data", data, "--json"));
        assertEquals(vowels.json().get("accuracy").asDouble(), e.get("accuracy").asDouble(), 1e-12);
        JsonNode all = CliAsserts.okJson(CliRun.of("eval", "--model", vowels.dir().toString(), "--data", data,
                "--all-rows", "--json"));
        assertEquals(640, all.get("count").asInt());

        Path out = dir.resolve("predictions.csv");
        CliRun run = CliRun.of("classify", "--model", vowels.dir().toString(), "--data", data, "--out", out.toString(),
                "--json");
        JsonNode c = CliAsserts.okJson(run);
        assertEquals(640, c.get("count").asInt());
        assertEquals(640, c.get("predictions").size());
        assertEquals(all.get("accuracy").asDouble(), c.get("accuracy").asDouble(), 1e-12);
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertEquals("id,predicted,p_1,p_2,p_3,p_4,p_5,p_6,p_7,p_8,p_9", lines.get(0));
        assertEquals(641, lines.size());
    }

    @Test
    void promotersFromOneStringPerRow(@TempDir Path dir) throws IOException {
        JsonNode j = CliAsserts.okJson(CliRun.of("train", "--task", "classify", "--data",
                SharedFiles.data("promoters_dna.csv").toString(), "--sequence-col", "sequence", "--label-col", "class",
                "--id-col", "id", "--steps", "150", "--out", dir.resolve("dna").toString(), "--quiet", "--json"));
        assertEquals(2, j.get("classes").size());
        assertTrue(j.get("accuracy").asDouble() >= 0 && j.get("accuracy").asDouble() <= 1, j::toString);
        // aligned DNA windows: the position-wise linear model is blended in, and said so
        JsonNode blend = j.get("blend");
        assertTrue(blend != null && blend.get("network_weight").asDouble() >= 0
                && blend.get("network_weight").asDouble() <= 1, j::toString);
        assertTrue(blend.get("loss_blend").asDouble() <= blend.get("loss_network").asDouble(), j::toString);
        assertEquals("out-of-fold", blend.get("weight_basis").asText(), j::toString);
        assertEquals(5, blend.get("weight_folds").asInt(), j::toString);
        assertEquals(84, blend.get("weight_sequences").asInt(), "the training and validation sequences");
        CliRun inspect = CliRun.of("inspect", "--model", dir.resolve("dna").toString());
        assertTrue(inspect.out.contains("position-wise linear (57 positions × 5 tokens"), inspect::toString);
        assertTrue(inspect.out.contains("vocabulary    4 characters: ACGT, and the unknown token for any other"),
                inspect::toString);
        // an ambiguity code the training part never had: read as the unknown token, counted by classify and eval
        List<String> rows = Files.readAllLines(SharedFiles.data("promoters_dna.csv"), StandardCharsets.UTF_8);
        int comma = rows.get(1).lastIndexOf(',');
        rows.set(1, rows.get(1).substring(0, comma + 1) + "N" + rows.get(1).substring(comma + 2));
        rows.set(2, rows.get(2).replaceFirst("[ACGT]{2}$", "NN"));
        Path ambiguous = dir.resolve("ambiguous.csv");
        Files.write(ambiguous, rows, StandardCharsets.UTF_8);
        CliRun scored = CliRun.of("classify", "--model", dir.resolve("dna").toString(), "--data",
                ambiguous.toString(), "--out", dir.resolve("p.csv").toString(), "--json");
        assertEquals(3, CliAsserts.okJson(scored).get("unknown_tokens").asInt(), scored::toString);
        assertTrue(scored.errLines().contains("rnn4j: 3 characters not in the model's vocabulary were read as unknown"),
                scored::toString);
        CliRun evaluated = CliRun.of("eval", "--model", dir.resolve("dna").toString(), "--data", ambiguous.toString(),
                "--all-rows", "--json");
        assertEquals(3, CliAsserts.okJson(evaluated).get("unknown_tokens").asInt(), evaluated::toString);
        assertTrue(evaluated.errLines().contains(
                "rnn4j: 3 characters not in the model's vocabulary were read as unknown"), evaluated::toString);
        CliRun off = CliRun.of("train", "classify", "--data", SharedFiles.data("promoters_dna.csv").toString(),
                "--sequence-col", "sequence", "--label-col", "class", "--steps", "20", "--linear", "off", "--out",
                dir.resolve("off").toString());
        assertTrue(off.out.contains("  model: the network alone\n"), off::toString);
        CliAsserts.oneLineError(CliRun.of("train", "classify", "--data",
                SharedFiles.data("promoters_dna.csv").toString(), "--sequence-col", "sequence", "--label-col", "class",
                "--linear", "on", "--out", dir.resolve("bad").toString()), ExitCodes.USAGE, "expected auto or off");
    }

    @Test
    void badClassificationInputIsAOneLineError(@TempDir Path dir) throws IOException {
        Path noLabel = dir.resolve("no-label.csv");
        Files.writeString(noLabel, "series_id,frame,lpc1\n1,1,0.5\n1,2,0.25\n", StandardCharsets.UTF_8);
        CliAsserts.oneLineError(CliRun.of("train", "--task", "classify", "--data", noLabel.toString(), "--id-col",
                "series_id", "--order-col", "frame", "--label-col", "speaker", "--out", dir.resolve("m").toString()),
                ExitCodes.FAILURE, "speaker");
        CliAsserts.oneLineError(CliRun.of("train", "--task", "classify", "--data", noLabel.toString(), "--label-col",
                "speaker", "--out", dir.resolve("m").toString()), ExitCodes.USAGE, "--sequence-col");
        CliAsserts.oneLineError(CliRun.of("train", "--task", "classify", "--data", noLabel.toString(), "--id-col",
                "series_id", "--order-col", "frame", "--out", dir.resolve("m").toString()), ExitCodes.USAGE,
                "--label-col");
        Path nonNumeric = dir.resolve("bad.csv");
        Files.writeString(nonNumeric, "series_id,frame,speaker,lpc1\n1,1,a,0.5\n1,2,a,x\n2,1,b,0.1\n2,2,b,0.2\n",
                StandardCharsets.UTF_8);
        CliAsserts.oneLineError(CliRun.of("train", "--task", "classify", "--data", nonNumeric.toString(), "--id-col",
                "series_id", "--order-col", "frame", "--label-col", "speaker", "--feature-cols", "lpc1",
                "--out", dir.resolve("m").toString()), ExitCodes.FAILURE, "lpc1");
        assertFalse(Files.exists(dir.resolve("m")));
        Path out = dir.resolve("p.csv");
        CliAsserts.oneLineError(CliRun.of("classify", "--model", vowels.dir().toString(), "--data", noLabel.toString(),
                "--out", out.toString()), ExitCodes.FAILURE, "lpc");
        assertFalse(Files.exists(out));

        Path single = dir.resolve("single.csv");
        Files.writeString(single, "id,class,s\n1,a,AC\n2,a,CA\n3,b,GT\n4,b,TG\n5,c,AA\n", StandardCharsets.UTF_8);
        CliAsserts.oneLineError(CliRun.of("train", "classify", "--data", single.toString(), "--sequence-col", "s",
                "--label-col", "class", "--out", dir.resolve("m").toString()), ExitCodes.FAILURE,
                "class 'c' has a single training sequence");
        assertFalse(Files.exists(dir.resolve("m")));
        CliAsserts
                .oneLineError(CliRun.of("train", "classify", "--data", SharedFiles.data("promoters_dna.csv").toString(),
                        "--sequence-col", "sequence", "--label-col", "class", "--folds", "54", "--out",
                        dir.resolve("m").toString()), ExitCodes.FAILURE, "use at most 53 folds");
        assertFalse(Files.exists(dir.resolve("m")));
        CliAsserts.oneLineError(CliRun.of("train", "classify", "--data", single.toString(), "--sequence-col", "s",
                "--label-col", "class", "--folds", "1", "--out", dir.resolve("m").toString()), ExitCodes.USAGE,
                "--folds must be at least 2");
        CliAsserts.oneLineError(CliRun.of("train", "classify", "--data", single.toString(), "--sequence-col", "s",
                "--label-col", "class", "--class-weights", "inverse", "--out", dir.resolve("m").toString()),
                ExitCodes.USAGE, "none or balanced");
        assertFalse(Files.exists(dir.resolve("m")));
    }
}
