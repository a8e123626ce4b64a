package org.rnn4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.rnn4j.InvalidInputException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How every {@code rnn4j} command reports errors; the only place that decides it.
 *
 * <ul>
 *   <li>Usage errors (unknown option, missing parameter, bad value): {@code rnn4j: <message>} and a
 *       one-line hint naming the command's {@code --help}; exit {@link ExitCodes#USAGE}.
 *       {@link BadArgumentException} (a path that does not exist, ...) gets the message line only. An
 *       option of another task ({@code train lm --target}) is named with the subcommands it applies to.</li>
 *   <li>{@link InvalidInputException} from the library (bad data): {@code rnn4j: <message>}; exit
 *       {@link ExitCodes#FAILURE}. The library writes these messages to be shown as they are.</li>
 *   <li>I/O errors: {@code rnn4j: <what> <file>}; exit {@link ExitCodes#FAILURE}.</li>
 *   <li>Anything else is a bug in rnn4j: {@code rnn4j: internal error: <exception>}; exit
 *       {@link ExitCodes#FAILURE}.</li>
 * </ul>
 *
 * <p>Every message is one line. Stack traces are printed only with the global {@code --verbose}
 * option, after the message line.
 */
final class ErrorPolicy implements CommandLine.IParameterExceptionHandler, CommandLine.IExecutionExceptionHandler {

    private final PrintWriter err;
    private final BooleanSupplier verbose;

    /**
     * @param err     where messages go (standard error)
     * @param verbose read when an error happens: whether {@code --verbose} was given
     */
    ErrorPolicy(PrintWriter err, BooleanSupplier verbose) {
        this.err = err;
        this.verbose = verbose;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        String elsewhere = optionOfAnotherSubcommand(ex);
        err.println("rnn4j: " + (elsewhere != null ? elsewhere : oneLine(ex.getMessage())));
        if (!(ex instanceof BadArgumentException)) {
            err.println(elsewhere != null ? hint(ex.getCommandLine()) : hint(ex));
        }
        if (verbose.getAsBoolean()) {
            ex.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine command, ParseResult parseResult) {
        boolean showTrace = verbose.getAsBoolean();
        if (ex instanceof InvalidInputException) {
            err.println("rnn4j: " + oneLine(ex.getMessage()));
        } else if (ex instanceof IOException || ex instanceof UncheckedIOException) {
            IOException io = ex instanceof IOException ? (IOException) ex : ((UncheckedIOException) ex).getCause();
            err.println("rnn4j: " + describe(io));
        } else {
            err.println("rnn4j: internal error: " + oneLine(ex.toString())
                    + (showTrace ? "" : " (run with --verbose for the stack trace)"));
        }
        if (showTrace) {
            ex.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.FAILURE;
    }

    private static String hint(ParameterException ex) {
        String suggestion = "";
        if (ex instanceof UnmatchedArgumentException) {
            List<String> suggestions = ((UnmatchedArgumentException) ex).getSuggestions();
            if (!suggestions.isEmpty()) {
                suggestion = "Did you mean " + String.join(" or ", suggestions) + "? ";
            }
        }
        return suggestion + hint(ex.getCommandLine());
    }

    private static String hint(CommandLine command) {
        return "Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.";
    }

    /**
     * For an unknown option that a sibling of a nested subcommand has ({@code train lm --target}): which
     * siblings it applies to, instead of picocli's bare "Unknown option"; null otherwise.
     */
    private static String optionOfAnotherSubcommand(ParameterException ex) {
        CommandLine parent = ex.getCommandLine().getParent();
        if (!(ex instanceof UnmatchedArgumentException) || parent == null || parent.getParent() == null) {
            return null;
        }
        for (String arg : ((UnmatchedArgumentException) ex).getUnmatched()) {
            if (!arg.startsWith("-")) {
                continue;
            }
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            List<String> owners = new ArrayList<>();
            for (CommandLine sibling : parent.getSubcommands().values()) {
                if (sibling != ex.getCommandLine() && sibling.getCommandSpec().findOption(name) != null) {
                    owners.add(sibling.getCommandName());
                }
            }
            if (!owners.isEmpty()) {
                String where = parent.getCommandName() + " " + String.join(" and " + parent.getCommandName() + " ",
                        owners);
                return name + " applies to " + where + " only, not to " + parent.getCommandName() + " "
                        + ex.getCommandLine().getCommandName();
            }
        }
        return null;
    }

    /** NIO exceptions carry the file as their whole message; say what went wrong with it. */
    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory: " + ((NoSuchFileException) e).getFile();
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied: " + ((AccessDeniedException) e).getFile();
        }
        String message = e.getMessage();
        return "I/O error: " + oneLine(message != null ? message : e.getClass().getSimpleName());
    }

    /** Messages are printed as one line so that each error is one line of a log. */
    static String oneLine(String message) {
        if (message == null || message.isBlank()) {
            return "(no message)";
        }
        return cutLongWords(message.strip().replaceAll("\\s*\\R\\s*", " "));
    }

    /** Longer runs of non-space characters than this in a message are a value quoted whole: cut. */
    private static final int LONGEST_WORD = 200;

    /**
     * A last guard for the rule that a message quotes at most about 80 characters of a value: any word
     * longer than {@value #LONGEST_WORD} characters (a CSV field, a label) is cut to its first 80.
     */
    static String cutLongWords(String message) {
        if (message.length() <= LONGEST_WORD) {
            return message;
        }
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < message.length()) {
            int end = i;
            while (end < message.length() && !Character.isWhitespace(message.charAt(end))) {
                end++;
            }
            if (end - i > LONGEST_WORD) {
                b.append(message, i, i + InvalidInputException.MAX_EXCERPT).append("...(").append(end - i)
                        .append(" chars)");
            } else {
                b.append(message, i, end);
            }
            int space = end;
            while (space < message.length() && Character.isWhitespace(message.charAt(space))) {
                space++;
            }
            b.append(message, end, space);
            i = space;
        }
        return b.toString();
    }
}
