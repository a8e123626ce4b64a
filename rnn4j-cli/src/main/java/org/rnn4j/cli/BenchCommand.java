package org.rnn4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rnn4j.kernel.Kernels;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.OutputMode;
import org.rnn4j.model.RecurrentState;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.optim.LearningRateSchedule;
import org.rnn4j.train.Batch;
import org.rnn4j.train.ClipConfig;
import org.rnn4j.train.InitConfig;
import org.rnn4j.train.Initializer;
import org.rnn4j.train.LossKind;
import org.rnn4j.train.OptimizerSpec;
import org.rnn4j.train.Trainer;
import org.rnn4j.util.Rng;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code rnn4j bench}: the end-to-end throughput harness with fixed configurations, so that figures
 * stay comparable over time and with {@code bench/pytorch_bench.py}, which runs the same steps in
 * PyTorch.
 *
 * <p>A training step is: forward through the recurrent stack, {@code Linear(H→V)} at every step,
 * mean softmax cross-entropy, backward, and plain SGD (lr 0.1), on random inputs {@code [T, B, I]}
 * and random targets. Each measurement warms up first, then reports the median over repeated steps.
 * GFLOP/s counts the matrix-product work of a training step only: {@code 2·T·B·G·H·(I_k + H)} per
 * layer and direction plus {@code 2·T·B·H·V} for the head, forward, and twice that for backward less
 * the first layer's input gradient ({@code 2·T·B·G·H·I}), which neither rnn4j nor PyTorch computes
 * for a data input.
 */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "End-to-end benchmark: train and inference tokens/s, ms/step, GFLOP/s and peak memory",
            "for a fixed configuration (A-E, stream), or the matrix-multiply peak (peak).",
        })
final class BenchCommand implements Callable<Integer> {

    /** The fixed configurations of issue 5; never change them, or figures stop being comparable. */
    enum Config {
        A(CellType.LSTM, 64, 256, 2, 32, 64, 64), B(CellType.LSTM, 512, 512, 1, 64, 64, 512), C(CellType.GRU, 64, 256,
                2, 32, 64, 64), D(CellType.RNN, 64, 256, 1, 32, 64, 64), E(CellType.LSTM, 64, 1024, 1, 32, 64,
                        64), STREAM(CellType.LSTM, 64, 256, 2, 1, 1, 64), PEAK(null, 2048, 2048, 0, 0, 0, 0);

        final CellType cell;
        final int input;
        final int hidden;
        final int layers;
        final int batch;
        final int steps;
        final int classes;

        Config(CellType cell, int input, int hidden, int layers, int batch, int steps, int classes) {
            this.cell = cell;
            this.input = input;
            this.hidden = hidden;
            this.layers = layers;
            this.batch = batch;
            this.steps = steps;
            this.classes = classes;
        }
    }

    @Spec
    CommandSpec spec;

    @Mixin
    UsageStyle usageStyle;

    @Option(names = "--config", required = true, paramLabel = "A|B|C|D|E|stream|peak",
            description = "Configuration: A-E (training and inference), stream (one step, B=1, state carried),"
                    + " peak (a 2048^3 multiply through the kernels in use).")
    String configName;

    @Mixin
    Threads threads;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "5",
            description = "Measuring time per figure, after warm-up.")
    double seconds;

    @Option(names = "--warmup", paramLabel = "S", defaultValue = "3",
            description = "Warm-up time before measuring.")
    double warmup;

    @Option(names = "--seq-len", paramLabel = "N",
            description = "Total sequence length; with --chunk, the sequence is trained with truncated BPTT in"
                    + " chunks, state carried. Default: the configuration's T.")
    Integer seqLen;

    @Option(names = "--chunk", paramLabel = "K",
            description = "Truncated-BPTT chunk length for --seq-len. Default: the configuration's T.")
    Integer chunk;

    @Mixin
    JsonOption json;

    @Mixin
    PrecisionOption precision;

    @Override
    public Integer call() throws IOException {
        Config config;
        try {
            config = Config.valueOf(configName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadArgumentException(spec.commandLine(), "--config must be A, B, C, D, E, stream or peak, got '"
                    + configName + "'");
        }
        threads.apply();
        if (!(seconds > 0) || !(warmup >= 0)) {
            throw new BadArgumentException(spec.commandLine(), "--seconds must be positive and --warmup not negative");
        }
        Kernels kernels = Main.kernels();
        PrintWriter out = spec.commandLine().getOut();
        ObjectNode result = new ObjectMapper().createObjectNode();
        result.put("config", config == Config.STREAM ? "stream" : config == Config.PEAK ? "peak" : config.name());
        result.put("kernels", kernels.name());
        result.put("threads", threads.count());
        result.put("precision", precision.precision.id());
        switch (config) {
            case PEAK:
                peak(kernels, result);
                out.printf(Locale.ROOT, "peak  %s  %.1f GFLOP/s (2048^3 multiply)%n", kernels.name(),
                        result.get("gflops").asDouble());
                break;
            case STREAM:
                stream(kernels, config, result);
                out.printf(Locale.ROOT, "stream  %s  %.1f us/step%n", kernels.name(),
                        result.get("us_per_step").asDouble());
                break;
            default:
                training(kernels, config, result);
                out.printf(Locale.ROOT, "%s  %s  train %.0f tokens/s  infer %.0f tokens/s  %.2f ms/step  %.1f GFLOP/s"
                        + "  peak RSS %.0f MiB%n", config.name(), kernels.name(),
                        result.get("train_tokens_per_s").asDouble(), result.get("infer_tokens_per_s").asDouble(),
                        result.get("ms_per_step").asDouble(), result.get("gflops").asDouble(),
                        result.get("peak_rss_mib").asDouble());
        }
        if (json.requested()) {
            out.println(new ObjectMapper().writeValueAsString(result));
        }
        return ExitCodes.OK;
    }

    private static SequenceModel model(Kernels kernels, Config c) {
        RecurrentConfig rc = RecurrentConfig.builder(c.cell, c.input, c.hidden).layers(c.layers).build();
        SequenceModel model = new SequenceModel(new ModelConfig(0, rc, c.classes, OutputMode.EVERY_STEP, 0, false),
                kernels);
        Initializer.initialize(model, InitConfig.pytorch(), new Rng(1));
        return model;
    }

    private void training(Kernels kernels, Config c, ObjectNode result) throws IOException {
        int total = seqLen == null ? c.steps : seqLen;
        if (total < 1 || (chunk != null && chunk < 1)) {
            throw new BadArgumentException(spec.commandLine(), "--seq-len and --chunk must be positive");
        }
        int k = Math.min(total, chunk == null ? c.steps : chunk);
        SequenceModel model = model(kernels, c);
        Rng rng = new Rng(2);
        Trainer trainer = new Trainer(model, OptimizerSpec.sgd(0.1).create(model.parameters()),
                LearningRateSchedule.constant(0.1), ClipConfig.none(), LossKind.CROSS_ENTROPY, rng.split());
        // chunks of k steps, state carried; inputs cycle through DATA_POOL chunks so memory does not grow with T
        List<Batch> pool = new ArrayList<>();
        List<Batch> chunks = new ArrayList<>();
        for (int s = 0; s < total; s += k) {
            int len = Math.min(k, total - s);
            boolean[] reset = new boolean[c.batch];
            java.util.Arrays.fill(reset, s == 0);
            Batch data = len == k && pool.size() >= DATA_POOL ? pool.get(chunks.size() % DATA_POOL) : null;
            if (data == null) {
                data = randomChunk(rng, len, c);
                if (len == k) {
                    pool.add(data);
                }
            }
            chunks.add(Batch.features(len, c.batch, data.features()).classTargets(data.classTargets())
                    .carryingState(reset));
        }
        // one "step" of the measurement is a pass over the whole sequence, chunk by chunk
        Runnable trainPass = () -> {
            for (Batch b : chunks) {
                trainer.step(b);
            }
        };
        RecurrentState state = new RecurrentState(model.config().rnn(), c.batch);
        // training steps read float32 whatever the precision; inference reads it
        model.setPrecision(precision.precision);
        Runnable inferPass = () -> {
            model.inferenceOnly();
            state.zero();
            for (Batch b : chunks) {
                model.forwardDense(b.features(), b.steps(), b.batch(), null, state);
                model.finalState(state);
            }
        };
        double train = medianSeconds(trainPass);
        double infer = medianSeconds(inferPass);
        double tokens = (double) total * c.batch;
        double forwardFlops = 0;
        for (int layer = 0; layer < c.layers; layer++) {
            int in = layer == 0 ? c.input : c.hidden;
            forwardFlops += 2.0 * total * c.batch * c.cell.gates() * c.hidden * (in + c.hidden);
        }
        forwardFlops += 2.0 * total * c.batch * c.hidden * c.classes;
        // backward is twice the forward, less the first layer's input gradient, which nobody needs
        double inputGradientFlops = 2.0 * total * c.batch * c.cell.gates() * c.hidden * c.input;
        double trainFlops = 3 * forwardFlops - inputGradientFlops;
        result.put("seq_len", total);
        result.put("chunk", k);
        result.put("train_tokens_per_s", tokens / train);
        result.put("infer_tokens_per_s", tokens / infer);
        result.put("ms_per_step", train * 1e3 / chunks.size());
        result.put("gflops", trainFlops / train / 1e9);
        result.put("peak_rss_mib", peakRssMiB());
        result.put("heap_live_mib", liveHeapMiB());
    }

    /** Distinct random chunks a training pass cycles through. */
    private static final int DATA_POOL = 8;

    private static Batch randomChunk(Rng rng, int len, Config c) {
        float[] x = new float[len * c.batch * c.input];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        int[] y = new int[len * c.batch];
        for (int i = 0; i < y.length; i++) {
            y[i] = rng.nextInt(c.classes);
        }
        return Batch.features(len, c.batch, x).classTargets(y).carryingState();
    }

    private void stream(Kernels kernels, Config c, ObjectNode result) throws IOException {
        SequenceModel model = model(kernels, c);
        model.setPrecision(precision.precision);
        model.inferenceOnly();
        RecurrentState state = new RecurrentState(model.config().rnn(), 1);
        Rng rng = new Rng(3);
        float[] x = new float[c.input];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        double sec = medianSeconds(() -> {
            model.forwardDense(x, 1, 1, null, state);
            model.finalState(state);
        });
        result.put("us_per_step", sec * 1e6);
        result.put("peak_rss_mib", peakRssMiB());
    }

    private void peak(Kernels kernels, ObjectNode result) throws IOException {
        int n = Config.PEAK.input;
        Rng rng = new Rng(4);
        float[] a = new float[n * n];
        float[] b = new float[n * n];
        float[] cm = new float[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rng.uniform(-1, 1);
            b[i] = (float) rng.uniform(-1, 1);
        }
        double sec = medianSeconds(() -> kernels.multAccumulate(n, n, n, a, 0, b, 0, cm, 0));
        result.put("gflops", 2.0 * n * n * n / sec / 1e9);
        result.put("peak_rss_mib", peakRssMiB());
    }

    /** Warms up for {@code warmup} seconds, then times single runs for {@code seconds} (at least 5). */
    private double medianSeconds(Runnable task) {
        long warmEnd = System.nanoTime() + (long) (warmup * 1e9);
        do {
            task.run();
        } while (System.nanoTime() < warmEnd);
        List<Double> times = new ArrayList<>();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (times.size() < 5 || System.nanoTime() < end) {
            long t0 = System.nanoTime();
            task.run();
            times.add((System.nanoTime() - t0) / 1e9);
        }
        Collections.sort(times);
        int m = times.size();
        return m % 2 == 1 ? times.get(m / 2) : (times.get(m / 2 - 1) + times.get(m / 2)) / 2;
    }

    /**
     * The heap still reachable after a full collection: the model, its buffers and the harness's
     * data, without the garbage a peak resident set counts. What shows whether memory grows with
     * the sequence length.
     */
    static double liveHeapMiB() {
        System.gc();
        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()
                / (1024.0 * 1024.0);
    }

    /** The process's peak resident set (VmHWM), or NaN where /proc is not available. */
    static double peakRssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    String[] parts = line.trim().split("\\s+");
                    return Long.parseLong(parts[1]) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
