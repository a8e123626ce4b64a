package org.rnn4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rnn4j.parity.CaseResult;
import org.rnn4j.parity.ParityRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rnn4j parity PATH...}: runs golden cases (PyTorch reference results, see
 * {@code shared/golden/FORMAT.md}) through {@link ParityRunner} and prints one line per case and a
 * summary. Exits {@link ExitCodes#OK} when no case failed (skipped cases do not fail).
 *
 * <p>A case line reads {@code NAME KIND STATUS worst RATIO×tol at TENSOR; REASON}, where RATIO is
 * the largest error seen as a fraction of that element's tolerance (a case passes at RATIO ≤ 1) and
 * REASON is given for failed and skipped cases.
 */
@Command(name = "parity",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Checks rnn4j against golden cases computed by PyTorch.",
            "Prints one line per case (worst error as a fraction of the tolerance) and a summary;"
                    + " exits 0 when no case failed.",
        })
final class ParityCommand implements Callable<Integer> {

    /** The multiplication sign when standard output can show it. */
    private static final String TIMES = Charset.defaultCharset().newEncoder().canEncode('\u00d7') ? "\u00d7" : "x";

    @Spec
    CommandSpec spec;

    @Mixin
    UsageStyle usageStyle;

    @Mixin
    JsonOption json;

    @Parameters(arity = "1..*", paramLabel = "PATH", showDefaultValue = Help.Visibility.NEVER,
            description = "Golden case files (*.safetensors), or directories holding them.")
    List<Path> paths = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        checkPaths();
        List<CaseResult> results = new ParityRunner(Main.kernels()).runAll(paths);

        PrintWriter out = spec.commandLine().getOut();
        int nameWidth = results.stream().mapToInt(r -> r.name().length()).max().orElse(0);
        int kindWidth = results.stream().mapToInt(r -> r.kind().length()).max().orElse(0);
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        for (CaseResult r : results) {
            switch (r.status()) {
                case PASSED -> passed++;
                case FAILED -> failed++;
                case SKIPPED -> skipped++;
            }
            out.println(caseLine(r, nameWidth, kindWidth));
        }
        out.println(passed + " passed, " + failed + " failed, " + skipped + " skipped");
        if (json.requested()) {
            out.println(summaryJson(passed, failed, skipped));
        }
        out.flush();
        return failed == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    /** Every path must exist, and a directory must hold at least one case: anything else is a typo. */
    private void checkPaths() throws IOException {
        for (Path p : paths) {
            if (!Files.exists(p)) {
                throw new BadArgumentException(spec.commandLine(), "no such file or directory: " + p);
            }
            if (Files.isDirectory(p) && ParityRunner.expand(List.of(p)).isEmpty()) {
                throw new BadArgumentException(spec.commandLine(), "no golden case files (*.safetensors) in " + p);
            }
        }
    }

    static String caseLine(CaseResult r, int nameWidth, int kindWidth) {
        StringBuilder line = new StringBuilder();
        line.append(String.format(Locale.ROOT, "%-" + Math.max(1, nameWidth) + "s  %-" + Math.max(1, kindWidth)
                + "s  %-4s", r.name(), r.kind(), statusWord(r.status())));
        List<String> parts = new ArrayList<>(2);
        if (!Double.isNaN(r.worstRatio())) {
            String where = r.worstTensor().isEmpty() ? "" : " at " + r.worstTensor();
            parts.add("worst " + ratio(r.worstRatio()) + TIMES + "tol" + where);
        }
        if (!r.detail().isEmpty()) {
            parts.add(ErrorPolicy.oneLine(r.detail()));
        }
        if (!parts.isEmpty()) {
            line.append("  ").append(String.join("; ", parts));
        }
        return line.toString();
    }

    private static String statusWord(CaseResult.Status status) {
        return switch (status) {
            case PASSED -> "PASS";
            case FAILED -> "FAIL";
            case SKIPPED -> "SKIP";
        };
    }

    /** Two significant digits: enough to see how close to the tolerance a case is. */
    private static String ratio(double r) {
        if (Double.isInfinite(r)) {
            return "inf";
        }
        return String.format(Locale.ROOT, "%.2g", r);
    }

    private static String summaryJson(int passed, int failed, int skipped) throws JsonProcessingException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode summary = mapper.createObjectNode();
        summary.put("passed", passed);
        summary.put("failed", failed);
        summary.put("skipped", skipped);
        return mapper.writeValueAsString(summary);
    }
}
