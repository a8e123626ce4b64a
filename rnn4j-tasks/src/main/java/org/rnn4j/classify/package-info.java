/**
 * Sequence classification from CSV tables: {@link org.rnn4j.classify.ClassifyRunner} is the entry point
 * (train, evaluate, predict); {@link org.rnn4j.classify.ClassifySettings} says where the sequences are
 * (long form, one row per step, or one token string per row) and how to split them;
 * {@link org.rnn4j.classify.ClassificationData} reads and splits them;
 * {@link org.rnn4j.classify.SequenceEncoding} is the class list and the feature normalization or
 * vocabulary fitted on the training sequences, saved with the model;
 * {@link org.rnn4j.classify.ClassifierModel} predicts class probabilities;
 * {@link org.rnn4j.classify.ClassificationMetrics} scores them (accuracy, macro-F1, confusion matrix,
 * majority-class baseline).
 *
 * <p>What is not here: the network, the training step and loop ({@code org.rnn4j.model},
 * {@code org.rnn4j.train}), CSV parsing and padded batches ({@code org.rnn4j.data}), the command line.
 *
 * <p>Depends on the library and {@code task} only.
 */
package org.rnn4j.classify;
