package org.rnn4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.rnn4j.classify.ClassificationMetrics;
import org.rnn4j.forecast.ForecastEvaluation;
import org.rnn4j.forecast.ForecastMetrics;
import org.rnn4j.lm.LmScore;
import org.rnn4j.task.TrainingSummary;

/**
 * The fields of the {@code --json} line (and of {@code metrics.json}) for a training run and for each
 * task's scores, so that {@code train}, {@code eval} and {@code classify} name them alike.
 */
final class MetricsJson {

    /** The results of the training run, written by {@code train} beside the model (its --json object). */
    static final String FILE = "metrics.json";

    private MetricsJson() {
    }

    /** task, model, steps, tokens_per_s, train_loss, val_loss (nats), elapsed_s, stop_reason. */
    static JsonResult training(String task, Path dir, TrainingSummary s) {
        JsonResult json = new JsonResult();
        json.put("task", task);
        json.put("model", dir.toString());
        json.put("steps", s.steps());
        json.put("tokens_per_s", s.positionsPerSecond());
        json.put("train_loss", s.trainLoss());
        json.put("val_loss", s.validationLoss());
        json.put("elapsed_s", s.elapsedSeconds());
        json.put("stop_reason", s.stopReason());
        return json;
    }

    /** A language model's score of a whole text: loss (nats), bpc, perplexity, characters, skipped. */
    static void languageModel(JsonResult json, LmScore s) {
        json.put("loss", s.loss());
        json.put("bpc", s.bitsPerCharacter());
        json.put("perplexity", s.perplexity());
        json.put("characters", s.predictions() + 1);
        json.put("skipped", s.skipped());
    }

    /**
     * A language model's training: bits per character of the training loss and of the validation part
     * (null without one), its perplexity and size, and the vocabulary size.
     */
    static void languageModelTraining(JsonResult json, TrainingSummary s, LmScore validation, long validationSkipped,
            int vocabulary) {
        json.put("train_bpc", s.trainLoss() / Math.log(2));
        json.put("val_bpc", validation == null ? Double.NaN : validation.bitsPerCharacter());
        json.put("val_perplexity", validation == null ? Double.NaN : validation.perplexity());
        json.put("val_characters", validation == null ? 0 : validation.predictions() + 1);
        json.put("val_skipped", validationSkipped);
        json.put("vocabulary", vocabulary);
    }

    /**
     * rmse, mae, mase, smape of the model, then {@code naive} and {@code seasonal_naive} objects,
     * test_rows, and with several targets the same per target.
     */
    static void forecast(JsonResult json, ForecastEvaluation ev) {
        ObjectNode root = json.root();
        errors(root, ev.model());
        errors(root.putObject("naive"), ev.naiveMetrics());
        errors(root.putObject("seasonal_naive"), ev.seasonalMetrics());
        root.put("test_rows", ev.actual().length);
        if (ev.targets().size() > 1) {
            ObjectNode per = root.putObject("targets");
            for (ForecastEvaluation.TargetMetrics t : ev.perTarget()) {
                ObjectNode o = errors(per.putObject(t.target()), t.model());
                errors(o.putObject("naive"), t.naive());
                errors(o.putObject("seasonal_naive"), t.seasonalNaive());
            }
        }
    }

    /** accuracy, macro_f1, majority_accuracy, count, classes, confusion (rows: true class). */
    static void classification(JsonResult json, ClassificationMetrics m) {
        json.put("accuracy", m.accuracy());
        json.put("macro_f1", m.macroF1());
        json.put("majority_accuracy", m.majorityAccuracy());
        json.put("count", m.count());
        ArrayNode classes = json.array("classes");
        m.classNames().forEach(classes::add);
        ArrayNode confusion = json.array("confusion");
        for (int[] row : m.confusion()) {
            ArrayNode r = confusion.addArray();
            for (int c : row) {
                r.add(c);
            }
        }
    }

    private static ObjectNode errors(ObjectNode node, ForecastMetrics m) {
        JsonResult.number(node, "rmse", m.rmse());
        JsonResult.number(node, "mae", m.mae());
        JsonResult.number(node, "mase", m.mase());
        JsonResult.number(node, "smape", m.smape());
        return node;
    }
}
