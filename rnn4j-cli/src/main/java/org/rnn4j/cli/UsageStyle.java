package org.rnn4j.cli;

import picocli.CommandLine.Command;

/**
 * What every {@code rnn4j} command's help shows besides its own options: defaults, and the exit
 * codes of {@link ExitCodes}. Added to each command with {@code @Mixin}.
 */
@Command(showDefaultValues = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            ExitCodes.OK + ":success",
            ExitCodes.FAILURE + ":failure: a check failed, invalid input data, or an I/O error",
            ExitCodes.USAGE + ":usage error: unknown option, missing parameter, nonexistent path",
        })
final class UsageStyle {
}
