package org.rnn4j.cli;

import picocli.CommandLine;

/**
 * An argument that parsed but names something unusable (a path that does not exist, a directory
 * with no input files). A usage error ({@link ExitCodes#USAGE}) reported in one line, without the
 * "try --help" hint: the help would not say anything about the file.
 */
final class BadArgumentException extends CommandLine.ParameterException {

    private static final long serialVersionUID = 1L;

    BadArgumentException(CommandLine command, String message) {
        super(command, message);
    }
}
