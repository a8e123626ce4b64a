package org.rnn4j.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The seams of {@code ARCHITECTURE.md}, checked on the compiled classes of every module: which rnn4j
 * package may depend on which. A package not in the table fails the test, so a new package has to
 * say where it stands.
 */
class ArchitectureTest {

    private static final String ROOT = "org.rnn4j";

    /** Every main package and the rnn4j packages it may depend on (besides itself). */
    private static final Map<String, Set<String>> ALLOWED = new LinkedHashMap<>();

    static {
        // rnn4j-core, in layers
        allow("", Set.of());
        allow("util", Set.of());
        allow("kernel", Set.of(""));
        allow("nn", Set.of("", "kernel", "util"));
        allow("nn.recurrent", Set.of("", "kernel", "nn", "util"));
        allow("loss", Set.of("", "kernel"));
        allow("optim", Set.of("", "kernel", "nn", "util"));
        allow("model", Set.of("", "kernel", "nn", "nn.recurrent", "util"));
        allow("train", Set.of("", "kernel", "nn", "nn.recurrent", "loss", "optim", "model", "util"));
        allow("data", Set.of("", "train", "util"));
        allow("data.synthetic", Set.of("", "train", "model", "nn.recurrent", "util"));
        allow("io", Set.of("", "kernel", "nn", "nn.recurrent", "model", "train", "util"));
        allow("serve", Set.of("", "kernel", "nn", "nn.recurrent", "model", "io"));
        // rnn4j-simd
        allow("simd", Set.of("", "kernel", "util"));
        // rnn4j-onnx: the library's model, layers and io, never the tasks
        allow("onnx", Set.of("", "kernel", "nn", "nn.recurrent", "model", "io", "util"));
        // rnn4j-tasks: the library, and the shared task package
        Set<String> core = Set.of("", "util", "kernel", "nn", "nn.recurrent", "loss", "optim", "model", "train",
                "data", "data.synthetic", "io", "serve");
        allow("task", core);
        allow("analysis", core);
        allow("parity", core);
        for (String task : List.of("lm", "forecast", "classify")) {
            allow(task, union(core, Set.of("task")));
        }
        // rnn4j-spark: the library and the tasks it distributes
        allow("spark", union(core, Set.of("task", "lm", "forecast", "classify")));
        // rnn4j-cli: everything but the commands for its reports
        Set<String> tasks = union(core,
                Set.of("task", "analysis", "parity", "lm", "forecast", "classify", "onnx", "spark"));
        allow("cli.report", tasks);
        allow("cli", union(tasks, Set.of("cli.report")));
        allow("bench", Set.of("", "kernel", "util"));
    }

    private static JavaClasses classes;

    private static void allow(String pkg, Set<String> deps) {
        ALLOWED.put(pkg, deps);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new TreeSet<>(a);
        u.addAll(b);
        return u;
    }

    private static String full(String pkg) {
        return pkg.isEmpty() ? ROOT : ROOT + "." + pkg;
    }

    @BeforeAll
    static void importClasses() {
        // the modules' main classes, from target/classes or their jars, never test classes or test jars
        ImportOption mainOnly = location -> !location.contains("/test-classes/") && !location.contains("-tests.jar");
        classes = new ClassFileImporter().withImportOption(mainOnly).importPackages(ROOT);
    }

    @Test
    void everyPackageHasItsPlaceInTheTable() {
        Set<String> unknown = new TreeSet<>();
        for (JavaClass c : classes) {
            String pkg = c.getPackageName();
            String rel = pkg.equals(ROOT) ? "" : pkg.substring(ROOT.length() + 1);
            if (!ALLOWED.containsKey(rel)) {
                unknown.add(pkg);
            }
        }
        assertTrue(unknown.isEmpty(), "packages missing from ArchitectureTest.ALLOWED: " + unknown);
        for (String pkg : List.of("", "kernel", "train", "serve", "simd", "lm", "parity", "onnx", "spark", "cli")) {
            assertFalse(classes.that(inPackage(full(pkg))).isEmpty(), "no classes imported from " + full(pkg));
        }
    }

    @TestFactory
    Stream<DynamicTest> eachPackageDependsOnlyOnTheLayersBelowIt() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : ALLOWED.entrySet()) {
            String pkg = full(e.getKey());
            Set<String> allowed = new TreeSet<>();
            allowed.add(pkg);
            e.getValue().forEach(d -> allowed.add(full(d)));
            tests.add(DynamicTest.dynamicTest(pkg, () -> classes().that(inPackage(pkg))
                    .should().onlyDependOnClassesThat(outsideRnn4jOrIn(allowed))
                    .allowEmptyShould(true)
                    .check(classes)));
        }
        return tests.stream();
    }

    @Test
    void noCorePackageImportsATaskPackage() {
        noClasses().that().resideInAnyPackage(ROOT, ROOT + ".util..", ROOT + ".kernel..", ROOT + ".nn..",
                ROOT + ".loss..", ROOT + ".optim..", ROOT + ".model..", ROOT + ".train..", ROOT + ".data..",
                ROOT + ".io..", ROOT + ".serve..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".task..", ROOT + ".lm..",
                        ROOT + ".forecast..", ROOT + ".classify..", ROOT + ".analysis..", ROOT + ".parity..",
                        ROOT + ".cli..")
                .check(classes);
    }

    @Test
    void onlyTheSparkPackageAndTheCliUseSpark() {
        noClasses().that().resideOutsideOfPackages(ROOT + ".spark", ROOT + ".cli")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "scala..")
                .check(classes);
    }

    @Test
    void onlyTheSimdPackageUsesTheIncubatingVectorApi() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".simd")
                .should().dependOnClassesThat().resideInAPackage("jdk.incubator.vector..")
                .check(classes);
    }

    /** Classes of exactly this package (not its subpackages). */
    private static DescribedPredicate<JavaClass> inPackage(String pkg) {
        return DescribedPredicate.describe("in package " + pkg, c -> c.getPackageName().equals(pkg));
    }

    private static DescribedPredicate<JavaClass> outsideRnn4jOrIn(Set<String> packages) {
        return DescribedPredicate.describe("outside org.rnn4j or in " + packages, c -> {
            String p = c.getPackageName();
            return !(p.equals(ROOT) || p.startsWith(ROOT + ".")) || packages.contains(p);
        });
    }
}
