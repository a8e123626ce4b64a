package org.rnn4j.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The form {@code train --task TASK ...} of the command line from before the tasks were subcommands
 * of {@code train}: rewritten to {@code train TASK ...} before picocli parses it, wherever
 * {@code --task} stands, so that users' scripts keep running. Its errors read as picocli's did.
 */
final class LegacyTaskOption {

    static final String NAME = "--task";

    private LegacyTaskOption() {
    }

    /**
     * {@code args} with {@code --task TASK} (or {@code --task=TASK}) after {@code train} removed and
     * {@code TASK} put right after {@code train}; other command lines as they are.
     *
     * @param root the {@code rnn4j} command, whose {@code train} subcommand names the tasks
     * @throws ParameterException of {@code train} for a missing, repeated or unknown task
     */
    static String[] rewrite(CommandLine root, String... args) {
        int train = subcommandAt(args);
        if (train < 0 || !args[train].equals("train")) {
            return args;
        }
        CommandLine command = root.getSubcommands().get("train");
        Set<String> tasks = command.getSubcommands().keySet();
        if (train + 1 < args.length && tasks.contains(args[train + 1])) {
            return args;
        }
        List<String> rest = new ArrayList<>(Arrays.asList(args).subList(train + 1, args.length));
        int end = rest.indexOf("--") >= 0 ? rest.indexOf("--") : rest.size();
        String task = null;
        for (int i = 0; i < end; i++) {
            String value;
            if (rest.get(i).equals(NAME)) {
                if (i + 1 >= end) {
                    throw new ParameterException(command, "Missing required parameter for option '--task' (TASK)");
                }
                value = rest.get(i + 1);
                if (value.startsWith("-")) {
                    throw new ParameterException(command, "Expected parameter for option '--task' but found '"
                            + value + "'");
                }
                rest.subList(i, i + 2).clear();
                end -= 2;
            } else if (rest.get(i).startsWith(NAME + "=")) {
                value = rest.get(i).substring(NAME.length() + 1);
                rest.remove(i);
                end -= 1;
            } else {
                continue;
            }
            i--;
            if (task != null) {
                throw new ParameterException(command, "option '--task' (TASK) should be specified only once");
            }
            if (!tasks.contains(value)) {
                throw new ParameterException(command, "Invalid value for option '--task': expected one of "
                        + tasks + " (case-sensitive) but was '" + value + "'");
            }
            task = value;
        }
        if (task == null) {
            if (rest.stream().anyMatch(a -> Set.of("-h", "--help", "-V", "--version").contains(a))) {
                return args;
            }
            throw new ParameterException(command, "Missing the task: 'train lm', 'train forecast' or"
                    + " 'train classify' (or --task TASK)");
        }
        List<String> rewritten = new ArrayList<>(Arrays.asList(args).subList(0, train + 1));
        rewritten.add(task);
        rewritten.addAll(rest);
        return rewritten.toArray(new String[0]);
    }

    /** The position of the subcommand: the first argument that is not one of {@code rnn4j}'s own options. */
    private static int subcommandAt(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("-")) {
                return i;
            }
        }
        return -1;
    }
}
