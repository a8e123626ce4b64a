/**
 * Reports of the command line: {@link org.rnn4j.cli.report.TrainingReport} writes {@code report.html}
 * and its PNG plots into a model directory; {@link org.rnn4j.cli.report.TrainingCharts} draws the
 * plots with XChart, headless.
 *
 * <p>Not here: what the numbers are (the training loop and the task libraries compute them) and the
 * commands that decide what goes into a report.
 *
 * <p>Depends on the library and the task packages, never on the commands of {@code org.rnn4j.cli}.
 */
package org.rnn4j.cli.report;
