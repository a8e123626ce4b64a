package org.rnn4j.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.rnn4j.InvalidInputException;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.kernel.Kernels;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code rnn4j} command: global options, the list of subcommands, and the entry point.
 *
 * <p>A subcommand is one {@code Callable<Integer>} class returning an {@link ExitCodes exit code},
 * with {@code mixinStandardHelpOptions}, the {@link VersionProvider} and a {@link UsageStyle} mixin,
 * added to {@code subcommands} below. Errors are not handled in subcommands: they throw, and
 * {@link ErrorPolicy} prints one line and picks the exit code.
 *
 * <p>The JVM must be started with {@code --add-modules jdk.incubator.vector} for the fast kernels;
 * the {@code rnn4j} launcher script at the repository root does that.
 */
@Command(name = "rnn4j",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        resourceBundle = "org.rnn4j.cli.Options",
        description = "Recurrent neural networks (RNN, LSTM, GRU) that match PyTorch numerically.",
        subcommands = {
            CommandLine.HelpCommand.class,
            ParityCommand.class,
            BenchCommand.class,
            TrainCommand.class,
            SampleCommand.class,
            EvalCommand.class,
            ForecastCommand.class,
            ClassifyCommand.class,
            InspectCommand.class,
            ImportTorchCommand.class,
            ExportTorchCommand.class,
            ExportOnnxCommand.class,
            GradflowCommand.class,
            DemoCommand.class,
            SparkTrainCommand.class,
            SparkScoreCommand.class,
        })
public final class Main {

    /**
     * The library's loggers (the kernel choice, ...). Held here because java.util.logging keeps
     * loggers only weakly, and a level set on a collected logger is lost.
     */
    private static final Logger LIBRARY_LOG = Logger.getLogger("org.rnn4j");

    @Mixin
    UsageStyle usageStyle;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print stack traces with errors, and the library's log messages.")
    boolean verbose;

    /** Instances are made by {@link #commandLine}. */
    Main() {
    }

    /** Runs {@code rnn4j} in this JVM and exits with its exit code. */
    public static void main(String[] args) {
        Charset charset = Charset.defaultCharset();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, charset), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, charset), true);
        System.exit(run(out, err, args));
    }

    /**
     * Runs {@code rnn4j} with the given arguments.
     *
     * @param out  receives results (standard output); flushed before returning
     * @param err  receives diagnostics (standard error); flushed before returning
     * @param args the command line, without the program name
     * @return the exit code, one of {@link ExitCodes}
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        try {
            CommandLine cmd = commandLine(out, err);
            String[] rewritten;
            try {
                rewritten = LegacyTaskOption.rewrite(cmd, args);
            } catch (CommandLine.ParameterException e) {
                return ((ErrorPolicy) cmd.getParameterExceptionHandler()).handleParseException(e, args);
            }
            return cmd.execute(rewritten);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The configured command, before execution; tests add subcommands to it. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        Main main = new Main();
        CommandLine cmd = new CommandLine(main);
        ErrorPolicy policy = new ErrorPolicy(err, () -> main.verbose);
        cmd.setOut(out);
        cmd.setErr(err);
        HelpLayout.install(cmd);
        cmd.setParameterExceptionHandler(policy);
        cmd.setExecutionExceptionHandler(policy);
        cmd.setExecutionStrategy(parseResult -> {
            configureLogging(main.verbose);
            return new CommandLine.RunLast().execute(parseResult);
        });
        return cmd;
    }

    /**
     * The kernels this JVM uses. A JVM asked for kernels it cannot load ({@code -Drnn4j.kernels=vector}
     * without the Vector API) is reported as {@link InvalidInputException}, not as a linkage error.
     */
    static Kernels kernels() {
        return kernels(KernelProvider::get);
    }

    /** {@link #kernels()} with the provider given, so that the failure can be tested. */
    static Kernels kernels(Supplier<Kernels> provider) {
        try {
            return provider.get();
        } catch (ExceptionInInitializerError e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new InvalidInputException("cannot choose the kernels: " + cause.getMessage(), e);
        } catch (NoClassDefFoundError e) {
            // the provider's initialization already failed once in this JVM
            throw new InvalidInputException("cannot choose the kernels: " + e.getMessage(), e);
        }
    }

    /**
     * The library logs at INFO (for example which kernels were chosen); a command-line user sees
     * that only with {@code --verbose}, unless a logging configuration was given to the JVM.
     */
    private static void configureLogging(boolean verbose) {
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        LIBRARY_LOG.setLevel(verbose ? Level.INFO : Level.WARNING);
    }
}
