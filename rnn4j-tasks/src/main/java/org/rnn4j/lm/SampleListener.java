package org.rnn4j.lm;

import org.rnn4j.train.TrainingListener;

/**
 * A training listener that also receives a short text drawn from the language model at each validation,
 * to watch what it has learned (a live view). Given to {@link LmTraining#train} among the run's listeners;
 * the draws use their own generator, so a run with and without it trains the same.
 */
public interface SampleListener extends TrainingListener {

    /** Characters drawn per sample. */
    int SAMPLE_LENGTH = 200;

    /** The text drawn from the model at a validation, just before the validation is reported to {@code onValidation}. */
    void onSample(String text);
}
