/**
 * Reports of the command line: {@link org.rnn4j.cli.report.TrainingReport} writes {@code report.html}
 * and its PNG plots into a directory; {@link org.rnn4j.cli.report.TrainingCharts} and
 * {@link org.rnn4j.cli.report.GradientFlowCharts} draw the plots with XChart, headless;
 * {@link org.rnn4j.cli.report.ReportSections} holds the sections every training report has, and
 * {@link org.rnn4j.cli.report.GradientFlowReport} and {@link org.rnn4j.cli.report.AddingProblemReport}
 * the reports of {@code gradflow} and {@code demo}, over the results they show
 * ({@link org.rnn4j.cli.report.TrainingHistory}, {@link org.rnn4j.cli.report.GradientFlowMeasurement},
 * {@link org.rnn4j.cli.report.ClippingStudy}, {@link org.rnn4j.cli.report.AddingProblemRun});
 * {@link org.rnn4j.cli.report.Numbers} is how numbers are written for people, here and on the terminal.
 *
 * <p>Not here: what the numbers are (the training loop and the task libraries compute them) and the
 * commands that decide which report a run gets.
 *
 * <p>Depends on the library and the task packages, never on the commands of {@code org.rnn4j.cli}.
 */
package org.rnn4j.cli.report;
