package org.rnn4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.rnn4j.lm.SampleListener;
import org.rnn4j.train.TrainingListener;

/**
 * {@code train --ui}: the run's page served on 127.0.0.1 while it trains (the JDK's HTTP server, one
 * thread). The page ({@code live.html}, with its script, shipped in the jar) polls {@code /state.json}
 * every half second and draws the loss with the validations, the gradient norm with the clipping
 * threshold, the clip rate, the throughput and, for a language model, the samples drawn at each
 * validation. When the run ends the page keeps its final state; the server stops when the command
 * ends, after the page has fetched that final state (or {@link #FINAL_GRACE_MILLIS} have passed).
 */
final class LiveView implements SampleListener, AutoCloseable {

    /** The longest the server waits, at the end, for the page to fetch the final state. */
    static final long FINAL_GRACE_MILLIS = 2000;
    /** Points per curve sent to the page at most; longer runs are averaged in equal groups. */
    private static final int MAX_POINTS = 1000;
    private static final int KEPT_SAMPLES = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final String title;
    private TrainingProgress.LossView view = TrainingProgress.LossView.NATS;
    private String throughputUnit = "tokens";
    private double clipThreshold = Double.NaN;
    private String validationLabel = "val";

    private final List<Integer> steps = new ArrayList<>();
    private final List<Double> losses = new ArrayList<>();
    private final List<Double> gradNorms = new ArrayList<>();
    private final List<Double> clipped = new ArrayList<>();
    private final List<Double> throughput = new ArrayList<>();
    private final List<Integer> validationSteps = new ArrayList<>();
    private final List<Double> validationLosses = new ArrayList<>();
    private final Deque<String> samples = new ArrayDeque<>();
    private boolean running = true;
    private String reason = "";
    private boolean finalStateServed;

    private LiveView(HttpServer server, ExecutorService executor, String title) {
        this.server = server;
        this.executor = executor;
        this.title = title;
    }

    /**
     * Starts serving on 127.0.0.1.
     *
     * @param port the port, 0 for any free one
     * @throws IOException when the port cannot be bound (in use, not allowed)
     */
    static LiveView start(int port, String title) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "rnn4j-live-view");
            t.setDaemon(true);
            return t;
        });
        LiveView view = new LiveView(server, executor, title);
        server.createContext("/", view::page);
        server.createContext("/state.json", view::state);
        server.setExecutor(executor);
        server.start();
        return view;
    }

    /** The page's address. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    /**
     * How the run's figures are labelled, once the task has chosen them.
     *
     * @param validation what the validation during training scores, e.g. {@code val (16k slice)}
     */
    synchronized void labels(TrainingProgress.LossView lossView, String unit, double threshold, String validation) {
        this.view = lossView;
        this.validationLabel = validation;
        this.throughputUnit = unit;
        this.clipThreshold = threshold;
    }

    @Override
    public synchronized void onStep(StepEvent event) {
        steps.add(event.result().step());
        losses.add(event.result().loss());
        gradNorms.add(event.result().gradNorm());
        clipped.add(event.result().clipped() ? 1.0 : 0.0);
        throughput.add(event.positionsPerSecond());
    }

    @Override
    public synchronized void onValidation(int step, double loss) {
        validationSteps.add(step);
        validationLosses.add(loss);
    }

    @Override
    public synchronized void onSample(String text) {
        samples.addFirst((steps.isEmpty() ? 0 : steps.get(steps.size() - 1)) + "\u0000" + text);
        while (samples.size() > KEPT_SAMPLES) {
            samples.removeLast();
        }
    }

    @Override
    public synchronized void onFinish(int lastStep, String why) {
        running = false;
        reason = why;
    }

    /** Marks the run ended (if no finish was reported, as after an error) and stops the server. */
    @Override
    public void close() {
        long deadline = System.currentTimeMillis() + FINAL_GRACE_MILLIS;
        synchronized (this) {
            if (running) {
                running = false;
                reason = "the command ended";
            }
            while (!finalStateServed && System.currentTimeMillis() < deadline) {
                try {
                    wait(Math.max(1, deadline - System.currentTimeMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void page(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String resource = switch (path) {
            case "/", "/index.html" -> "live.html";
            case "/live.js" -> "live.js";
            default -> null;
        };
        if (resource == null) {
            send(exchange, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        byte[] body;
        try (InputStream in = LiveView.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("the live view's " + resource + " is missing from the jar");
            }
            body = in.readAllBytes();
        }
        send(exchange, 200, resource.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/html; charset=utf-8",
                body);
    }

    private void state(HttpExchange exchange) throws IOException {
        byte[] body;
        boolean last;
        synchronized (this) {
            body = JSON.writeValueAsBytes(snapshot());
            last = !running;
        }
        send(exchange, 200, "application/json", body);
        if (last) {
            synchronized (this) {
                finalStateServed = true;
                notifyAll();
            }
        }
    }

    /** What the page draws, the losses in the run's unit. */
    private ObjectNode snapshot() {
        ObjectNode o = JSON.createObjectNode();
        o.put("title", title);
        o.put("running", running);
        o.put("reason", reason);
        o.put("unit", view.unit());
        o.put("throughput_unit", throughputUnit + "/s");
        o.put("validation_label", validationLabel.replaceFirst("^val", "validation"));
        o.put("step", steps.isEmpty() ? 0 : steps.get(steps.size() - 1));
        number(o, "clip_threshold", clipThreshold);
        series(o.putObject("loss"), steps, losses, true);
        series(o.putObject("validation"), validationSteps, validationLosses, true);
        series(o.putObject("grad_norm"), steps, gradNorms, false);
        series(o.putObject("clip_rate"), steps, movingAverage(clipped, Math.max(10, clipped.size() / 50)), false);
        series(o.putObject("throughput"), steps, throughput, false);
        ArrayNode s = o.putArray("samples");
        for (String entry : samples) {
            int cut = entry.indexOf('\u0000');
            ObjectNode e = s.addObject();
            e.put("step", Integer.parseInt(entry.substring(0, cut)));
            e.put("text", entry.substring(cut + 1));
        }
        return o;
    }

    /** {@code {"x":[...],"y":[...]}}, at most {@link #MAX_POINTS} points averaged in equal groups. */
    private void series(ObjectNode o, List<Integer> x, List<Double> y, boolean loss) {
        ArrayNode xs = o.putArray("x");
        ArrayNode ys = o.putArray("y");
        int n = Math.min(x.size(), y.size());
        int groups = Math.min(n, MAX_POINTS);
        for (int g = 0; g < groups; g++) {
            int from = (int) ((long) g * n / groups);
            int to = (int) ((long) (g + 1) * n / groups);
            double sx = 0;
            double sy = 0;
            for (int i = from; i < to; i++) {
                sx += x.get(i);
                sy += loss ? view.transform().applyAsDouble(y.get(i)) : y.get(i);
            }
            xs.add(sx / (to - from));
            double v = sy / (to - from);
            if (Double.isFinite(v)) {
                ys.add(v);
            } else {
                ys.addNull();
            }
        }
    }

    private static List<Double> movingAverage(List<Double> y, int window) {
        List<Double> out = new ArrayList<>(y.size());
        double sum = 0;
        for (int i = 0; i < y.size(); i++) {
            sum += y.get(i);
            if (i >= window) {
                sum -= y.get(i - window);
            }
            out.add(sum / Math.min(i + 1, window));
        }
        return out;
    }

    private static void number(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
