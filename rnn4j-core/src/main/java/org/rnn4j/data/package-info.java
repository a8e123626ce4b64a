/**
 * Reading the data users already have and turning it into batches: UTF-8 text and its character
 * vocabulary, CSV tables of time series and of labelled sequences, and the {@code BatchSource}s that
 * feed training (windows of a series, shuffled padded sequences). Every reader refuses bad input
 * with one line naming the file, the row and the column.
 *
 * <p>Depends on {@code train}, {@code util} and the root package only.
 */
package org.rnn4j.data;
