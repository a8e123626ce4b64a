/**
 * The {@code rnn4j} command-line tool, built on picocli.
 *
 * <p>Holds: {@link org.rnn4j.cli.Main} (the top command, its global options and the entry point),
 * one {@code Callable<Integer>} class per subcommand ({@link org.rnn4j.cli.ParityCommand}, ...; the
 * tasks of {@code train} over {@link org.rnn4j.cli.TrainTaskCommand}), the options several commands
 * share as picocli mixins ({@link org.rnn4j.cli.JsonOption}, {@link org.rnn4j.cli.ModelOption}, ...,
 * described per command in {@code Options.properties}), the JSON and text of results
 * ({@link org.rnn4j.cli.MetricsJson}, {@link org.rnn4j.cli.MetricsText}), and
 * {@link org.rnn4j.cli.ErrorPolicy}, the single place that turns exceptions into a message on
 * standard error and an exit code ({@link org.rnn4j.cli.ExitCodes}).
 *
 * <p>Does not hold: any numerical code. Subcommands parse arguments, call the library
 * ({@code rnn4j-core}) and print; results go to standard output, diagnostics to standard error,
 * so that machine-readable output (for example {@code --json}) can be piped.
 *
 * <p>May depend on everything; nothing depends on it.
 */
package org.rnn4j.cli;
