package org.rnn4j.lm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rnn4j.InvalidInputException;
import org.rnn4j.data.Vocabulary;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.task.TaskModels;

/**
 * A trained character language model: the network and the vocabulary its ids refer to.
 *
 * <p>In a model directory the task object is
 * <pre>
 * {"task": "lm", "vocabulary": ["\n", " ", "!", ...], "data": {...}, "lm": {...}, "hyper_parameters": {...}}
 * </pre>
 * {@code vocabulary} lists the characters by id; {@code data} (the text's SHA-256 and the validation
 * fraction) and {@code lm} ({@link LmSettings#toJson()}) say how it was trained, so that a resumed run
 * can check it reads the same text the same way.
 */
public record LanguageModel(SequenceModel model, Vocabulary vocabulary) {

    /** The task name in a model directory's task object. */
    public static final String TASK = "lm";
    static final String VOCABULARY_KEY = "vocabulary";

    public LanguageModel {
        LmEvaluator.checkLanguageModel(model.config());
        if (vocabulary.size() != model.config().vocabSize()) {
            throw new InvalidInputException("the vocabulary has " + vocabulary.size() + " characters but the network "
                    + model.config().vocabSize() + " token ids");
        }
    }

    /** A sampler over this model (the model is used exclusively while it samples). */
    public Sampler sampler(org.rnn4j.util.Rng rng) {
        return new Sampler(model, vocabulary, rng);
    }

    /** Scores a text (see {@link LmEvaluator}); characters outside the vocabulary are skipped and counted. */
    public LmScore evaluate(String text) {
        Vocabulary.Encoded encoded = vocabulary.encode(text);
        return LmEvaluator.evaluate(model, encoded.ids(), encoded.skipped());
    }

    /** The task object without training provenance: {@code task} and {@code vocabulary}. */
    public ObjectNode taskJson() {
        ArrayNode symbols = ModelDirectory.newObject().arrayNode();
        vocabulary.symbols().forEach(symbols::add);
        return TaskModels.taskObject(TASK, VOCABULARY_KEY, symbols, null);
    }

    /** Saves weights and vocabulary (no training state) into {@code dir}. */
    public void save(Path dir, long seed) throws IOException {
        TaskModels.save(dir, model, taskJson(), seed);
    }

    /**
     * Loads a language model saved by {@link #save} or by a training run.
     *
     * @throws InvalidInputException when {@code dir} is missing or corrupt, or holds another task's model
     */
    public static LanguageModel load(Path dir) throws IOException {
        return TaskModels.load(dir, LanguageModel::fromContents);
    }

    /** A language model from a loaded model directory (see {@link #load}). */
    public static LanguageModel fromContents(ModelDirectory.Contents contents, String source) {
        TaskModels.requireTask(contents, TASK, source, "a language model");
        JsonNode v = contents.task().get(VOCABULARY_KEY);
        if (v == null || !v.isArray()) {
            throw new InvalidInputException(source + ": task.vocabulary should be a list of characters");
        }
        List<String> symbols = new ArrayList<>();
        for (JsonNode s : v) {
            if (!s.isTextual()) {
                throw new InvalidInputException(source + ": task.vocabulary should hold strings, found " + s);
            }
            symbols.add(s.asText());
        }
        return TaskModels.assemble(source, () -> new LanguageModel(contents.model(), Vocabulary.ofSymbols(symbols)));
    }
}
