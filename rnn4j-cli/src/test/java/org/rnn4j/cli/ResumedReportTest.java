package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.cli.report.TrainingHistory;

/** A resumed run's history, and so its report, covers the whole run on the true step axis. */
class ResumedReportTest {

    @TempDir
    Path dir;

    @Test
    void aResumedRunKeepsTheStepsAndValidationsBeforeTheResume() throws Exception {
        Path text = SmallInputs.text(dir);
        String[] small = {"--data", text.toString(), "--hidden", "8", "--layers", "1", "--embedding", "4", "--batch",
            "2", "--seq-len", "8", "--validate-every", "10", "--quiet"};
        TrainedModel first = TrainedModel.train(dir, "lm", CliRun.concat(CliRun.concat(new String[] {"lm"}, small),
                "--steps", "20"));
        JsonNode resumed = CliAsserts.okJson(CliRun.of(CliRun.concat(CliRun.concat(new String[] {"train", "lm"}, small),
                "--steps", "40", "--resume", first.dir().toString(), "--json")));
        assertEquals(40, resumed.get("steps").asInt());
        TrainingHistory h = TrainingHistory.resumed(first.dir(), Integer.MAX_VALUE);
        assertEquals(IntStream.rangeClosed(1, 40).boxed().toList(), h.steps(), "every step of both runs, in order");
        List<Integer> validations = new ArrayList<>(h.validationSteps());
        assertTrue(validations.containsAll(List.of(10, 20, 30, 40)), "the validations of both runs: " + validations);
        // the JSON line names the units of its losses; the older names stay
        assertEquals(resumed.get("train_loss").asDouble(), resumed.get("train_loss_nats").asDouble(), 0);
        assertEquals(resumed.get("val_loss_nats").asDouble() / Math.log(2), resumed.get("val_bpc").asDouble(), 1e-9);
        JsonNode metrics = new ObjectMapper().readTree(first.dir().resolve(MetricsJson.FILE).toFile());
        assertEquals(resumed.get("train_loss_nats").asDouble(), metrics.get("train_loss_nats").asDouble(), 0);
    }
}
