package org.rnn4j.parity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.rnn4j.InvalidInputException;
import org.rnn4j.io.SafeTensors;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.kernel.Kernels;

/**
 * Runs golden-format cases ({@code shared/golden/FORMAT.md}) and reports, for each, whether every
 * {@code expected.*} tensor is reproduced within the tolerance. The test suite and
 * {@code rnn4j parity} both run cases through this class.
 *
 * <p>A case of a kind not implemented is skipped, never passed. A malformed file is that case
 * failing with the reason; the run goes on.
 */
public final class ParityRunner {

    private final Kernels kernels;

    public ParityRunner() {
        this(KernelProvider.get());
    }

    public ParityRunner(Kernels kernels) {
        this.kernels = kernels;
    }

    /** The {@code .safetensors} files named, with directories expanded (sorted, not recursive beyond one level). */
    public static List<Path> expand(List<Path> paths) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    files.addAll(s.filter(f -> f.getFileName().toString().endsWith(".safetensors"))
                            .filter(Files::isRegularFile).sorted().collect(Collectors.toList()));
                }
            } else {
                files.add(p);
            }
        }
        return files;
    }

    /** Runs one case file. Never throws for a bad file: it becomes a failed case. */
    public CaseResult run(Path file) {
        String fallback = file.getFileName().toString().replaceFirst("\\.safetensors$", "");
        GoldenCase gc;
        try {
            gc = new GoldenCase(SafeTensors.read(file));
        } catch (IOException e) {
            return new CaseResult(fallback, "?", CaseResult.Status.FAILED, Double.NaN, "",
                    "cannot read " + file + ": " + e.getMessage());
        } catch (InvalidInputException e) {
            return new CaseResult(fallback, "?", CaseResult.Status.FAILED, Double.NaN, "", e.getMessage());
        }
        String name = gc.name(fallback);
        String kind = gc.kind();
        String format = gc.string("format", "");
        if (!format.equals("rnn4j-golden-v1")) {
            return new CaseResult(name, kind, CaseResult.Status.FAILED, Double.NaN, "",
                    "metadata format is '" + format + "', expected 'rnn4j-golden-v1'");
        }
        Tolerance tol = new Tolerance();
        try {
            switch (kind) {
                case "layer":
                    LayerCase.run(gc, kernels, tol);
                    break;
                case "model":
                    ModelCase.run(gc, kernels, tol, false);
                    break;
                case "tbptt":
                    ModelCase.run(gc, kernels, tol, true);
                    break;
                default:
                    return new CaseResult(name, kind, CaseResult.Status.SKIPPED, Double.NaN, "",
                            "kind '" + kind + "' is not implemented");
            }
        } catch (InvalidInputException | IllegalArgumentException e) {
            return new CaseResult(name, kind, CaseResult.Status.FAILED, tol.worstRatio(), tol.worstTensor(),
                    e.getMessage());
        } catch (RuntimeException e) {
            return new CaseResult(name, kind, CaseResult.Status.FAILED, tol.worstRatio(), tol.worstTensor(),
                    e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        List<String> unchecked = gc.uncheckedExpectations();
        if (!unchecked.isEmpty()) {
            tol.fail("expected tensors not checked: " + String.join(", ", unchecked));
        }
        if (tol.passed()) {
            return new CaseResult(name, kind, CaseResult.Status.PASSED, tol.worstRatio(), tol.worstTensor(), "");
        }
        String detail = tol.failure() != null
                ? tol.failure()
                : "worst error is " + String.format(java.util.Locale.ROOT, "%.3g", tol.worstRatio())
                        + "x the tolerance, in " + tol.worstTensor();
        return new CaseResult(name, kind, CaseResult.Status.FAILED, tol.worstRatio(), tol.worstTensor(), detail);
    }

    /** Runs every case file under the given files and directories, in order. */
    public List<CaseResult> runAll(List<Path> paths) throws IOException {
        List<CaseResult> results = new ArrayList<>();
        for (Path f : expand(paths)) {
            results.add(run(f));
        }
        return results;
    }
}
