package org.rnn4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.rnn4j.classify.ClassificationMetrics;
import org.rnn4j.classify.ClassifierBlend;
import org.rnn4j.classify.CrossValidation;
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

    /**
     * task, model, steps, tokens_per_s, train_loss, val_loss, elapsed_s, stop_reason, best_step (the
     * step whose weights the model has: the best validation's with early stopping, else the last),
     * best_val_loss (its validation loss during training; null without early stopping); the three
     * losses again under names that say their unit, {@code train_loss_nats} (lm, classify: cross-entropy)
     * or {@code train_loss_mse} (forecast: of the normalized values), and so on. The names without a
     * unit stay for the scripts that read them.
     */
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
        json.put("best_step", s.bestStep());
        json.put("best_val_loss", s.bestValidationLoss());
        String unit = task.equals("forecast") ? "_mse" : "_nats";
        json.put("train_loss" + unit, s.trainLoss());
        json.put("val_loss" + unit, s.validationLoss());
        json.put("best_val_loss" + unit, s.bestValidationLoss());
        return json;
    }

    /**
     * A language model's score of a whole text: loss (nats; also as loss_nats), bpc, perplexity,
     * characters, skipped.
     */
    static void languageModel(JsonResult json, LmScore s) {
        json.put("loss", s.loss());
        json.put("loss_nats", s.loss());
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

    /**
     * blend: network_weight, what it was chosen on (weight_basis out-of-fold or validation, weight_folds,
     * weight_sequences), the cross-entropies on those sequences behind it (loss_network, loss_linear,
     * loss_blend) and the linear model's L2 (linear_lambda).
     */
    static void blend(JsonResult json, ClassifierBlend b) {
        ObjectNode o = json.object("blend");
        o.put("network_weight", b.networkWeight());
        o.put("weight_basis", b.folds() > 0 ? "out-of-fold" : "validation");
        o.put("weight_folds", b.folds());
        o.put("weight_sequences", b.sequences());
        JsonResult.number(o, "loss_network", b.networkLoss());
        JsonResult.number(o, "loss_linear", b.linearLoss());
        JsonResult.number(o, "loss_blend", b.blendLoss());
        o.put("linear_lambda", b.linear().lambda());
    }

    /**
     * accuracy, accuracy_ci95 ([low, high], Wilson), macro_f1, majority_accuracy, count, classes,
     * per_class (precision, recall, f1, support of each class; null where undefined), confusion (rows:
     * true class).
     */
    static void classification(JsonResult json, ClassificationMetrics m) {
        json.put("accuracy", m.accuracy());
        ArrayNode ci = json.array("accuracy_ci95");
        for (double v : m.accuracyInterval()) {
            JsonResult.number(ci, v);
        }
        json.put("macro_f1", m.macroF1());
        json.put("majority_accuracy", m.majorityAccuracy());
        json.put("count", m.count());
        ArrayNode classes = json.array("classes");
        m.classNames().forEach(classes::add);
        ArrayNode perClass = json.array("per_class");
        for (int k = 0; k < m.classNames().size(); k++) {
            ObjectNode c = perClass.addObject();
            c.put("class", m.classNames().get(k));
            JsonResult.number(c, "precision", m.precision(k));
            JsonResult.number(c, "recall", m.recall(k));
            JsonResult.number(c, "f1", m.f1(k));
            c.put("support", m.support(k));
        }
        ArrayNode confusion = json.array("confusion");
        for (int[] row : m.confusion()) {
            ArrayNode r = confusion.addArray();
            for (int c : row) {
                r.add(c);
            }
        }
    }

    /**
     * The {@code cv} object of a cross-validation: folds, accuracy_mean, accuracy_sd, macro_f1_mean,
     * macro_f1_sd (sample standard deviations over the folds), count, fold_accuracy, fold_macro_f1,
     * fold_best_step, confusion (pooled over the folds).
     */
    static void crossValidation(JsonResult json, CrossValidation cv) {
        ObjectNode o = json.object("cv");
        o.put("folds", cv.k());
        JsonResult.number(o, "accuracy_mean", cv.meanAccuracy());
        JsonResult.number(o, "accuracy_sd", cv.sdAccuracy());
        JsonResult.number(o, "macro_f1_mean", cv.meanMacroF1());
        JsonResult.number(o, "macro_f1_sd", cv.sdMacroF1());
        o.put("count", cv.count());
        ArrayNode acc = o.putArray("fold_accuracy");
        ArrayNode f1 = o.putArray("fold_macro_f1");
        ArrayNode best = o.putArray("fold_best_step");
        for (int i = 0; i < cv.k(); i++) {
            JsonResult.number(acc, cv.folds().get(i).accuracy());
            JsonResult.number(f1, cv.folds().get(i).macroF1());
            best.add(cv.runs().get(i).bestStep());
        }
        ArrayNode confusion = o.putArray("confusion");
        for (int[] row : cv.pooledConfusion()) {
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
