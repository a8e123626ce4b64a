package org.rnn4j.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.rnn4j.kernel.KernelProvider;

/**
 * The extra golden cases in {@code src/test/resources/golden-extra}, made by
 * {@code tools/golden/gen_extra.py} in the format of {@code shared/golden/FORMAT.md}: sequences of
 * 200 to 400 steps, hidden size 1, batch 1, four layers, odd sizes with variable lengths, inputs
 * scaled ×4 and ×10, and model and truncated-BPTT cases beyond the visible set. Each must pass
 * {@link ParityRunner} with the scalar kernels at the unchanged tolerance of {@link Tolerance}.
 * {@code golden-extra/INDEX.md} lists each case with the ratio PyTorch's own float32 reaches.
 */
class ExtraGoldenParityTest {

    @TestFactory
    Stream<DynamicTest> everyExtraCase() throws IOException {
        Path dir = extraDirectory();
        ParityRunner runner = new ParityRunner(KernelProvider.scalar());
        List<Path> files = ParityRunner.expand(List.of(dir));
        assertFalse(files.isEmpty(), "no extra golden cases found in " + dir);
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            CaseResult r = runner.run(f);
            assertEquals(CaseResult.Status.PASSED, r.status(), r.name() + " (" + r.kind() + "): " + r.detail());
            assertTrue(r.worstRatio() <= 1.0, r.name() + " worst ratio " + r.worstRatio() + " in " + r.worstTensor());
        }));
    }

    /** The directory on the test classpath, or else relative to the module directory. */
    private Path extraDirectory() {
        URL url = getClass().getResource("/golden-extra");
        if (url != null && "file".equals(url.getProtocol())) {
            try {
                return Paths.get(url.toURI());
            } catch (URISyntaxException e) {
                throw new IllegalStateException("bad resource URL " + url, e);
            }
        }
        Path fallback = Paths.get("src", "test", "resources", "golden-extra").toAbsolutePath();
        assertTrue(Files.isDirectory(fallback), "cannot find golden-extra on the test classpath or at " + fallback);
        return fallback;
    }
}
