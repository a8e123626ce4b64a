package org.rnn4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/**
 * The {@code --version} text: the rnn4j version (from {@code version.properties}, filled in by the
 * build), the Java runtime, and which kernels this JVM uses, since the kernels decide both speed
 * and the last bits of every result.
 */
final class VersionProvider implements CommandLine.IVersionProvider {

    private static final String RESOURCE = "version.properties";

    @Override
    public String[] getVersion() {
        return new String[] {
            "rnn4j " + rnn4jVersion(),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ", "
                    + System.getProperty("java.vendor") + ")",
            "kernels: " + kernelsDescription(),
        };
    }

    /** The version of the rnn4j build this class came from, or {@code unknown}. */
    static String rnn4jVersion() {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // the version is informative only: fall through to "unknown"
        }
        String v = p.getProperty("version", "unknown");
        // an unfiltered resource (run from an IDE without Maven) still holds the placeholder
        return v.startsWith("${") ? "unknown" : v;
    }

    private static String kernelsDescription() {
        try {
            return Main.kernels().name();
        } catch (org.rnn4j.InvalidInputException e) {
            // --version is a diagnostic: show why instead of failing
            return "unavailable: " + e.getMessage();
        }
    }
}
