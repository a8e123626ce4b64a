package org.rnn4j.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.InvalidInputException;
import org.rnn4j.data.Vocabulary;
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

/** TaskModels: the task object's keys and order, the task check and the source named in every refusal. */
class TaskModelsTest {

    @Test
    void theTaskObjectNamesTheTaskThenItsDataThenTheHyperParameters() {
        ObjectNode hp = ModelDirectory.newObject().put("epochs", 3);
        ObjectNode task = TaskModels.taskObject("forecast", "transform", ModelDirectory.newObject().put("w", 4), hp);
        assertEquals("{\"task\":\"forecast\",\"transform\":{\"w\":4},\"hyper_parameters\":{\"epochs\":3}}",
                task.toString());
        ObjectNode bare = TaskModels.taskObject("classify", "encoding", ModelDirectory.newObject(), null);
        assertEquals("{\"task\":\"classify\",\"encoding\":{}}", bare.toString());
    }

    @Test
    void aModelOfAnotherTaskOrOfNoneIsRefusedNamingTheSource() {
        ModelDirectory.Contents other = contents(ModelDirectory.newObject().put(TaskTraining.TASK_KEY, "lm"));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> TaskModels.requireTask(other, "forecast", "m/config.json", "a forecasting model"));
        assertEquals("m/config.json holds a model for task 'lm', not a forecasting model", e.getMessage());
        ModelDirectory.Contents none = contents(ModelDirectory.newObject());
        InvalidInputException n = assertThrows(InvalidInputException.class,
                () -> TaskModels.requireTask(none, "lm", "m/config.json", "a language model"));
        assertEquals("m/config.json holds a model for task (none), not a language model", n.getMessage());
        TaskModels.requireTask(other, "lm", "m/config.json", "a language model");
    }

    @Test
    void partsThatDoNotFitAreRefusedWithTheSourceInFront() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TaskModels.assemble("m/config.json",
                () -> {
                    throw new InvalidInputException("the vocabulary has 3 characters but the network 4 token ids");
                }));
        assertEquals("m/config.json: the vocabulary has 3 characters but the network 4 token ids", e.getMessage());
        Object built = new Object();
        assertSame(built, TaskModels.assemble("m/config.json", () -> built));
    }

    @Test
    void aSavedLanguageModelLoadsBackAndRefusesToBeReadAsAnotherTask(@TempDir Path dir) throws IOException {
        LanguageModel lm = new LanguageModel(model(3), Vocabulary.ofSymbols(List.of("a", "b", "c")));
        lm.save(dir, 7);
        LanguageModel back = LanguageModel.load(dir);
        assertEquals(lm.vocabulary().symbols(), back.vocabulary().symbols());
        assertEquals(lm.model().config(), back.model().config());
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> org.rnn4j.classify.ClassifierModel.load(dir));
        assertEquals(dir.resolve(ModelDirectory.MANIFEST) + " holds a model for task 'lm', not a classification model",
                e.getMessage());
    }

    private static ModelDirectory.Contents contents(ObjectNode task) {
        return new ModelDirectory.Contents(model(3), task, null, ModelDirectory.newObject());
    }

    private static SequenceModel model(int vocab) {
        RecurrentConfig rc = new RecurrentConfig(CellType.GRU, null, 4, 5, 1, false, true, 0, false);
        SequenceModel m = new SequenceModel(new ModelConfig(vocab, rc, vocab, OutputMode.EVERY_STEP, 0, false),
                KernelProvider.get());
        Initializer.initialize(m, InitConfig.pytorch(), new Rng(1));
        return m;
    }
}
