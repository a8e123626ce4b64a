package org.rnn4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.lm.LanguageModel;
import org.rnn4j.lm.Sampler;
import org.rnn4j.util.Rng;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rnn4j sample --model DIR}: writes text drawn from a character language model to standard
 * output: the priming text, then {@code --length} drawn characters.
 */
@Command(name = "sample",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Draws text from a character language model: prints the priming text followed by the drawn characters.",
            "Characters of --prime that the model never saw in training are skipped (and counted on standard error).",
            "The same seed gives the same text.",
        })
final class SampleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    UsageStyle usageStyle;

    @Mixin
    ModelOption model;

    @Option(names = "--prime", paramLabel = "TEXT", defaultValue = "", showDefaultValue = Help.Visibility.NEVER,
            description = "Text to start from. Default: none (the model starts as after a line break).")
    String prime;

    @Option(names = "--length", paramLabel = "N", converter = OptionValues.NonNegativeInt.class, defaultValue = "500",
            description = "Characters to draw.")
    int length;

    @Option(names = "--temperature", paramLabel = "X", converter = OptionValues.NonNegativeDouble.class,
            defaultValue = "0.8",
            description = "Sharpness: 1 draws from the model's distribution, lower is more conservative, 0 always"
                    + " takes the most likely character.")
    double temperature;

    @Option(names = "--top-k", paramLabel = "K", converter = OptionValues.NonNegativeInt.class, defaultValue = "0",
            description = "Draw only among the K most likely characters; 0 = all.")
    int topK;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of the draws.")
    long seed;

    @Mixin
    JsonOption json;

    @Mixin
    PrecisionOption precision;

    @Override
    public Integer call() throws IOException {
        ModelDirectory.Contents contents = precision.apply(model.load("sample", LanguageModel.TASK));
        LanguageModel lm = LanguageModel.fromContents(contents, model.source());
        Sampler sampler = lm.sampler(new Rng(seed));
        int skipped = sampler.prime(prime);
        if (skipped > 0) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("rnn4j: " + skipped + (skipped == 1 ? " character" : " characters") + " of --prime "
                    + (skipped == 1 ? "is" : "are") + " not in the model's vocabulary and "
                    + (skipped == 1 ? "was" : "were")
                    + " skipped");
            err.flush();
        }
        String generated = sampler.generate(length, temperature, topK);
        PrintWriter out = spec.commandLine().getOut();
        out.println(prime + generated);
        if (json.requested()) {
            JsonResult r = new JsonResult();
            r.put("text", prime + generated);
            r.put("prime", prime);
            r.put("generated", generated);
            r.put("skipped", skipped);
            r.put("length", length);
            r.put("temperature", temperature);
            r.put("top_k", topK);
            r.put("seed", seed);
            r.print(out);
        }
        out.flush();
        return ExitCodes.OK;
    }
}
