package org.rnn4j.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.rnn4j.InvalidInputException;
import org.rnn4j.Version;
import org.rnn4j.kernel.Activation;
import org.rnn4j.kernel.Kernels;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.OutputMode;
import org.rnn4j.model.RecurrentState;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.train.TrainingState;

/**
 * A model directory: the unit a user trains into, resumes from, samples from and serves.
 *
 * <pre>
 * DIR/config.json                      the manifest: format version, architecture, task data
 *                                      (vocabulary, normalization, settings), provenance, and the
 *                                      names of the two files below
 * DIR/weights-&lt;step&gt;.safetensors      the parameters under PyTorch's state_dict names
 * DIR/training-&lt;step&gt;.safetensors     optimizer state, generator states, data cursor, carried state
 * </pre>
 *
 * <p>Crash safety: a save writes the step's two safetensors files (each to a temporary file, then
 * renamed), and only then replaces {@code config.json} the same way. The manifest is the commit
 * point: until it is renamed, it names the previous checkpoint's files, which are deleted only
 * afterwards. A crash at any moment therefore leaves a directory whose manifest names complete files.
 *
 * <p>Loading reads only files inside the directory, names that the manifest gives are checked to be
 * plain file names, and nothing is deserialized but JSON and safetensors.
 */
public final class ModelDirectory {

    public static final String MANIFEST = "config.json";
    public static final String FORMAT = "rnn4j-model";
    public static final int FORMAT_VERSION = 1;
    private static final Pattern SAFE_NAME = Pattern.compile("(weights|training)-[0-9]{1,10}\\.safetensors");
    /** The temporary names of rnn4j 0.1 before {@link AtomicFiles#isTemporaryName}, for a model directory's own files. */
    private static final Pattern OLD_TEMP_NAME = Pattern.compile(
            "\\.(config\\.json|metrics\\.json|report\\.html|(weights|training)-[0-9]{1,10}\\.safetensors)\\.[0-9a-z]{1,13}\\.tmp");
    /** The checkpoint files this process wrote, by model directory, so that the next save deletes them by name. */
    private static final Map<Path, Set<String>> WRITTEN = new HashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    // a manifest with a key twice or content after its object is refused: two readers could disagree
    // on what it says, and "}}garbage" is a damaged file, not a model
    private static final ObjectMapper STRICT_JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    /** The manifest's key for the SHA-256 of the file named by {@code files.<key>}. */
    private static final String SHA256_SUFFIX = "_sha256";

    /** What a model directory holds. {@code training} is null for a directory saved without it. */
    public record Contents(SequenceModel model, ObjectNode task, TrainingState training, JsonNode provenance) {
    }

    private ModelDirectory() {
    }

    /**
     * Saves a checkpoint.
     *
     * @param dir       the model directory, created if missing
     * @param model     its configuration and parameters
     * @param task      task-specific data to keep with the model (vocabulary, normalization, settings)
     * @param training  the state needed to resume, or null for weights only
     * @param seed      the run's seed, for provenance
     */
    public static void save(Path dir, SequenceModel model, ObjectNode task, TrainingState training, long seed)
            throws IOException {
        save(dir, model, null, task, training, seed);
    }

    /**
     * Saves a checkpoint whose served weights are {@code weights} (by parameter name, every parameter of
     * {@code model}; null = the model's current values), for example the best weights of a run while its
     * training state carries the current ones.
     */
    public static void save(Path dir, SequenceModel model, Map<String, float[]> weights, ObjectNode task,
            TrainingState training, long seed) throws IOException {
        Files.createDirectories(dir);
        Set<String> previous = namedFiles(dir);
        previous = previous == null ? Set.of() : previous;
        int step = training == null ? 0 : training.step();
        String weightsName = String.format(Locale.ROOT, "weights-%08d.safetensors", step);
        String trainingName = String.format(Locale.ROOT, "training-%08d.safetensors", step);

        Map<String, String> weightMeta = new LinkedHashMap<>();
        weightMeta.put("format", "pt");
        weightMeta.put("producer", "rnn4j " + Version.get());
        Map<String, TensorData> served = StateDicts.toTensors(model.parameters(), "");
        if (weights != null) {
            for (Parameter p : model.parameters()) {
                float[] v = weights.get(p.name());
                if (v == null || v.length != p.size()) {
                    throw new IllegalArgumentException("weights to save lack " + p.name() + " or have the wrong size");
                }
                served.put(p.name(), TensorData.ofFloats(v.clone(), p.shape()));
            }
        }
        String weightsSha = write(dir.resolve(weightsName), SafeTensors.toBytes(weightMeta, served));
        String trainingSha = training == null ? null : write(dir.resolve(trainingName), trainingBytes(training));

        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("format_version", FORMAT_VERSION);
        root.set("model", modelToJson(model.config()));
        root.set("task", task == null ? JSON.createObjectNode() : task);
        ObjectNode files = root.putObject("files");
        files.put("weights", weightsName);
        files.put("weights" + SHA256_SUFFIX, weightsSha);
        if (training != null) {
            files.put("training_state", trainingName);
            files.put("training_state" + SHA256_SUFFIX, trainingSha);
        }
        ObjectNode prov = root.putObject("provenance");
        prov.put("rnn4j_version", Version.get());
        prov.put("java_version", System.getProperty("java.version"));
        prov.put("seed", seed);
        prov.put("step", step);
        prov.put("saved_at", Instant.now().toString());
        AtomicFiles.writeString(dir.resolve(MANIFEST), JSON.writeValueAsString(root) + "\n");

        // the manifest now names the new files: the checkpoint it replaced can go, by the exact names
        // the old manifest gave and those this process wrote here, never by a pattern
        Set<String> current = training == null ? Set.of(weightsName) : Set.of(weightsName, trainingName);
        Set<String> old = new LinkedHashSet<>(previous);
        synchronized (WRITTEN) {
            Set<String> mine = WRITTEN.computeIfAbsent(dir.toAbsolutePath().normalize(), k -> new LinkedHashSet<>());
            old.addAll(mine);
            mine.clear();
            mine.addAll(current);
        }
        for (String n : old) {
            if (!current.contains(n)) {
                Files.deleteIfExists(dir.resolve(n));
            }
        }
    }

    /**
     * Removes what killed runs left in a model directory, recognised by rnn4j's own naming: temporary
     * files of {@link AtomicFiles} that no write of this process holds (and those of earlier versions
     * for a model directory's files), and checkpoint files the manifest does not name (a kill between
     * the manifest's rename and the old files' deletion). Call it before training into {@code dir}.
     *
     * @return the names deleted
     */
    public static List<String> removeStaleFiles(Path dir) throws IOException {
        List<String> deleted = new ArrayList<>();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return deleted;
        }
        Set<String> named = namedFiles(dir);
        Set<Path> busy = AtomicFiles.writesInProgress();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                String n = p.getFileName().toString();
                if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || busy.contains(p.toAbsolutePath())) {
                    continue;
                }
                boolean stale = AtomicFiles.isTemporaryName(n) || OLD_TEMP_NAME.matcher(n).matches()
                        || named != null && SAFE_NAME.matcher(n).matches() && !named.contains(n);
                if (stale && Files.deleteIfExists(p)) {
                    deleted.add(n);
                }
            }
        }
        return deleted;
    }

    /** The checkpoint files the manifest in {@code dir} names; empty if it names none, null without a readable one. */
    private static Set<String> namedFiles(Path dir) {
        Path manifest = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try {
            if (Files.size(manifest) > 64 << 20) {
                return null;
            }
            JsonNode files = JSON.readTree(Files.readAllBytes(manifest)).path("files");
            Set<String> names = new LinkedHashSet<>();
            for (String key : new String[] {"weights", "training_state"}) {
                String n = files.path(key).asText("");
                if (SAFE_NAME.matcher(n).matches()) {
                    names.add(n);
                }
            }
            return names;
        } catch (IOException | RuntimeException unreadable) {
            // a damaged manifest: nothing can be called stale by it
            return null;
        }
    }

    /** Writes {@code bytes} atomically to {@code file}; returns their SHA-256 for the manifest. */
    private static String write(Path file, byte[] bytes) throws IOException {
        if (bytes.length > SafeTensors.MAX_FILE_BYTES) {
            throw new InvalidInputException(file + " would be " + bytes.length + " bytes, more than the "
                    + SafeTensors.MAX_FILE_BYTES + " that rnn4j reads back");
        }
        AtomicFiles.write(file, bytes);
        return sha256(bytes);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static byte[] trainingBytes(TrainingState t) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "rnn4j-training-state");
        meta.put("step", Integer.toString(t.step()));
        t.optimizerScalars().forEach((k, v) -> meta.put("optimizer." + k, v));
        t.rngStates().forEach((k, v) -> meta.put("rng." + k, Long.toString(v)));
        t.cursor().forEach((k, v) -> meta.put("cursor." + k, Long.toString(v)));
        t.loop().forEach((k, v) -> meta.put("loop." + k, v));
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        t.optimizerTensors().forEach((k, v) -> tensors.put("optimizer." + k, TensorData.ofFloats(v.clone(), v.length)));
        // the weights training continues from, when they are not the served ones
        t.parameters().forEach((k, v) -> tensors.put("parameter." + k, TensorData.ofFloats(v.clone(), v.length)));
        if (t.carried() != null) {
            RecurrentState c = t.carried();
            tensors.put("carried.h", TensorData.ofFloats(c.hidden().clone(), c.hidden().length));
            if (c.cell() != null) {
                tensors.put("carried.c", TensorData.ofFloats(c.cell().clone(), c.cell().length));
            }
            meta.put("carried.batch", Integer.toString(c.batch()));
        }
        return SafeTensors.toBytes(meta, tensors);
    }

    /**
     * Replaces the task object of the checkpoint saved in {@code dir}, leaving its weights and training
     * state as they are: for what a task fits after the training loop's last checkpoint. The manifest is
     * rewritten atomically, so the directory holds the old task object or the new one, never a mix.
     *
     * @throws InvalidInputException when {@code dir} holds no readable manifest
     */
    public static void replaceTask(Path dir, ObjectNode task) throws IOException {
        Path manifest = dir.resolve(MANIFEST);
        JsonNode root;
        try {
            root = STRICT_JSON.readTree(Files.readAllBytes(manifest));
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(dir + " is not an rnn4j model directory: it has no " + MANIFEST);
        }
        if (!(root instanceof ObjectNode o) || !FORMAT.equals(o.path("format").asText())) {
            throw new InvalidInputException(manifest + " is not an rnn4j model manifest");
        }
        o.set("task", task);
        AtomicFiles.writeString(manifest, JSON.writeValueAsString(o) + "\n");
    }

    /** Loads a model directory saved by {@link #save}. */
    public static Contents load(Path dir, Kernels kernels) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException("model directory " + dir + " does not exist or is not a directory");
        }
        Path manifest = dir.resolve(MANIFEST);
        if (Files.isSymbolicLink(manifest)) {
            throw new InvalidInputException(manifest + " is a symbolic link; a model directory's files must be plain"
                    + " files inside it");
        }
        byte[] bytes;
        try {
            long size = Files.size(manifest);
            if (size > 64 << 20) {
                throw new InvalidInputException(manifest + " is " + size + " bytes, too large for a model config");
            }
            bytes = Files.readAllBytes(manifest);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(dir + " is not an rnn4j model directory: it has no " + MANIFEST);
        }
        return read(bytes, manifest.toString(), name -> {
            Path p = existing(dir, name);
            long size = Files.size(p);
            if (size > SafeTensors.MAX_FILE_BYTES) {
                throw new InvalidInputException(name + ": file has " + size + " bytes, more than the "
                        + SafeTensors.MAX_FILE_BYTES + " that rnn4j reads into memory");
            }
            return Files.readAllBytes(p);
        }, kernels);
    }

    /** The files a manifest names, by name: a directory's, or held in memory. */
    @FunctionalInterface
    public interface FileSource {
        /**
         * The whole contents of the file the manifest names {@code name} (a plain checkpoint file name).
         *
         * @throws InvalidInputException if there is no such file
         */
        byte[] read(String name) throws IOException;
    }

    /**
     * Reads a model directory from the bytes of its manifest and of the files it names, with every check
     * of {@link #load} but those of the file system (symbolic links, sizes on disk).
     *
     * @param manifestName the manifest's name in messages
     */
    public static Contents read(byte[] manifestBytes, String manifestName, FileSource files, Kernels kernels)
            throws IOException {
        JsonNode root;
        String manifest = manifestName;
        try {
            // decoded strictly as UTF-8 here: Jackson would guess UTF-16/32 from the first bytes and
            // report a bad character as a CharConversionException, an IOException with no I/O behind it
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(manifestBytes))
                    .toString();
            root = STRICT_JSON.readTree(text);
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(manifest + " is not valid UTF-8 text");
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(manifest + " is not valid JSON: " + Text.clip(e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException(manifest + " should hold a JSON object");
        }
        String format = root.path("format").asText("");
        if (!FORMAT.equals(format)) {
            throw new InvalidInputException(manifest + ": format is '" + Text.clip(format) + "', expected '" + FORMAT
                    + "'");
        }
        int version = root.path("format_version").asInt(-1);
        if (version != FORMAT_VERSION) {
            throw new InvalidInputException(manifest + ": format_version " + Text.clip(root.path("format_version")
                    .toString()) + " is not supported; this rnn4j reads version " + FORMAT_VERSION);
        }
        ModelConfig config = modelFromJson(root.path("model"), manifest);
        String weightsName = fileName(root, "weights", manifest, true);
        byte[] weightsFile = files.read(weightsName);
        // the reader bounds its allocations by the file's size; every parameter takes at least two bytes
        // of it (F16/BF16), so a manifest claiming a larger network is refused before it is allocated
        SafeTensorsFile weights = readChecked(weightsFile, weightsName, root, "weights", manifest);
        double parameters = parameterCount(config);
        long weightsBytes = weightsFile.length;
        if (parameters * 2 > weightsBytes) {
            throw new InvalidInputException(
                    manifest + ": the architecture has " + (long) Math.min(parameters, Long.MAX_VALUE)
                            + " parameters, more than " + weightsName + " (" + weightsBytes
                            + " bytes) can hold - config and weights disagree");
        }
        SequenceModel model = new SequenceModel(config, kernels);
        StateDicts.load(model.parameters(), "", weights);
        for (String name : weights.names()) {
            if (!model.namedParameters().containsKey(name)) {
                throw new InvalidInputException(weightsName + ": holds tensor " + Text.quote(name)
                        + ", which the architecture in " + MANIFEST + " " + Text.clip(modelToJson(config).toString())
                        + " has no place for - config and weights disagree");
            }
        }
        for (Parameter p : model.parameters()) {
            requireFinite(p.value(), weightsName + ": tensor " + Text.quote(p.name()));
        }
        TrainingState training = null;
        String trainingName = fileName(root, "training_state", manifest, false);
        if (trainingName != null) {
            training = readTraining(readChecked(files.read(trainingName), trainingName, root, "training_state",
                    manifest), model);
        }
        JsonNode task = root.path("task");
        return new Contents(model, task.isObject() ? (ObjectNode) task : JSON.createObjectNode(), training,
                root.path("provenance"));
    }

    /**
     * Parses a file the manifest names, checking it against the SHA-256 the manifest records for it (a
     * directory saved before checksums has none, and is read as it is).
     */
    private static SafeTensorsFile readChecked(byte[] bytes, String name, JsonNode root, String key, String manifest) {
        JsonNode sum = root.path("files").path(key + SHA256_SUFFIX);
        if (!sum.isMissingNode()) {
            String expected = sum.asText("");
            if (!sum.isTextual() || !expected.matches("[0-9a-f]{64}")) {
                throw new InvalidInputException(manifest + ": files." + key + SHA256_SUFFIX + " is "
                        + Text.clip(sum.toString()) + ", expected 64 lower-case hexadecimal digits");
            }
            if (!expected.equals(sha256(bytes))) {
                throw new InvalidInputException(name + ": its SHA-256 differs from the one " + MANIFEST
                        + " records - the file is damaged or was replaced");
            }
        }
        return SafeTensors.read(bytes, name);
    }

    /** Refuses NaN and infinities: weights or state that are not finite serve or train to nothing. */
    private static void requireFinite(float[] values, String what) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new InvalidInputException(what + " holds " + values[i] + " at element " + i
                        + "; the values must be finite - saved from a diverged run, or damaged?");
            }
        }
    }

    private static Path existing(Path dir, String name) {
        Path p = dir.resolve(name);
        if (Files.isSymbolicLink(p)) {
            // a link could lead anywhere on the machine; the loader reads only the directory's own files
            throw new InvalidInputException(dir + ": " + name + " is a symbolic link; a model directory's files"
                    + " must be plain files inside it");
        }
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidInputException(dir + ": " + MANIFEST + " names " + name + ", which is missing");
        }
        return p;
    }

    /**
     * The number of parameters {@code c} describes (the recurrent weights and biases, the embedding and
     * the head), in double so that absurd sizes cannot overflow.
     */
    public static double parameterCount(ModelConfig c) {
        RecurrentConfig r = c.rnn();
        double gates = r.cell() == CellType.LSTM ? 4 : r.cell() == CellType.GRU ? 3 : 1;
        double hidden = r.hiddenSize();
        double state = r.projSize() > 0 ? r.projSize() : hidden;
        double directions = r.bidirectional() ? 2 : 1;
        double total = c.vocabSize() > 0 ? (double) c.vocabSize() * r.inputSize() : 0;
        double shared = (r.bias() ? 2 * gates * hidden : 0) + (r.projSize() > 0 ? state * hidden : 0);
        double first = gates * hidden * (r.inputSize() + state) + shared;
        double later = gates * hidden * (state * directions + state) + shared;
        total += directions * (first + (r.numLayers() - 1.0) * later);
        return total + (double) c.outputSize() * (state * directions + 1);
    }

    private static String fileName(JsonNode root, String key, String manifest, boolean required) {
        JsonNode n = root.path("files").path(key);
        if (n.isMissingNode() || n.isNull()) {
            if (required) {
                throw new InvalidInputException(manifest + ": files." + key + " is missing");
            }
            return null;
        }
        String name = n.asText("");
        if (!SAFE_NAME.matcher(name).matches()) {
            throw new InvalidInputException(manifest + ": files." + key + " is '" + name
                    + "', expected a file name like weights-00000100.safetensors inside the directory");
        }
        return name;
    }

    private static TrainingState readTraining(SafeTensorsFile f, SequenceModel model) {
        Map<String, String> meta = f.metadata();
        int step = parseInt(meta.get("step"), f.source() + ": metadata step");
        Map<String, String> optScalars = new LinkedHashMap<>();
        Map<String, Long> rng = new LinkedHashMap<>();
        Map<String, Long> cursor = new LinkedHashMap<>();
        Map<String, String> loop = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : meta.entrySet()) {
            String k = e.getKey();
            if (k.startsWith("optimizer.")) {
                optScalars.put(k.substring("optimizer.".length()), e.getValue());
            } else if (k.startsWith("rng.")) {
                rng.put(k.substring(4), parseLong(e.getValue(), f.source() + ": " + k));
            } else if (k.startsWith("cursor.")) {
                cursor.put(k.substring(7), parseLong(e.getValue(), f.source() + ": " + k));
            } else if (k.startsWith("loop.")) {
                loop.put(k.substring(5), e.getValue());
            }
        }
        Map<String, float[]> optTensors = new LinkedHashMap<>();
        for (String name : f.names()) {
            boolean known = name.startsWith("optimizer.") || name.equals("carried.h") || name.equals("carried.c")
                    || name.startsWith("parameter.")
                            && model.namedParameters().containsKey(name.substring("parameter.".length()));
            if (!known) {
                throw new InvalidInputException(f.source() + ": holds tensor " + Text.quote(name)
                        + ", which no part of this model's training state has - the file is damaged or from"
                        + " another model");
            }
            if (name.startsWith("optimizer.")) {
                float[] v = f.get(name).floats();
                requireFinite(v, f.source() + ": tensor " + Text.quote(name));
                optTensors.put(name.substring("optimizer.".length()), v);
            }
        }
        Map<String, float[]> current = new LinkedHashMap<>();
        for (Parameter p : model.parameters()) {
            if (f.has("parameter." + p.name())) {
                float[] v = f.get("parameter." + p.name(), p.size()).floats();
                requireFinite(v, f.source() + ": tensor " + Text.quote("parameter." + p.name()));
                current.put(p.name(), v);
            }
        }
        if (!current.isEmpty() && current.size() != model.parameters().size()) {
            throw new InvalidInputException(f.source() + ": holds the current weights of " + current.size()
                    + " parameters of the model's " + model.parameters().size() + "; the file is damaged");
        }
        RecurrentState carried = null;
        if (f.has("carried.h")) {
            int batch = parseInt(meta.get("carried.batch"), f.source() + ": metadata carried.batch");
            if (batch <= 0 || batch > 1 << 20) {
                throw new InvalidInputException(f.source() + ": carried.batch " + batch + " is out of range");
            }
            carried = new RecurrentState(model.config().rnn(), batch);
            float[] h = f.get("carried.h", carried.hidden().length).floats();
            float[] c = carried.cell() == null ? null : f.get("carried.c", carried.cell().length).floats();
            requireFinite(h, f.source() + ": tensor 'carried.h'");
            if (c != null) {
                requireFinite(c, f.source() + ": tensor 'carried.c'");
            }
            carried.copyFrom(h, c);
        }
        return new TrainingState(step, optTensors, optScalars, rng, cursor, carried, current, loop);
    }

    private static int parseInt(String s, String what) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException | NullPointerException e) {
            throw new InvalidInputException(what + " should be an integer, got '" + s + "'");
        }
    }

    private static long parseLong(String s, String what) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException | NullPointerException e) {
            throw new InvalidInputException(what + " should be an integer, got '" + s + "'");
        }
    }

    /** The architecture as JSON, with PyTorch's argument names. */
    public static ObjectNode modelToJson(ModelConfig c) {
        ObjectNode m = JSON.createObjectNode();
        RecurrentConfig r = c.rnn();
        m.put("cell", r.cell().id());
        if (r.cell() == CellType.RNN) {
            m.put("nonlinearity", r.activation().id());
        }
        m.put("input_size", r.inputSize());
        m.put("hidden_size", r.hiddenSize());
        m.put("num_layers", r.numLayers());
        m.put("bidirectional", r.bidirectional());
        m.put("bias", r.bias());
        m.put("proj_size", r.projSize());
        m.put("vocab_size", c.vocabSize());
        m.put("output_size", c.outputSize());
        m.put("output", c.output().name().toLowerCase(Locale.ROOT));
        if (c.output() == OutputMode.ALL_STEPS) {
            m.put("positions", c.positions());
        }
        m.put("dropout", c.dropout());
        m.put("variational_dropout", c.variational());
        return m;
    }

    /** Reads {@link #modelToJson}'s form back, naming the first field that is missing or wrong. */
    public static ModelConfig modelFromJson(JsonNode m, String source) {
        if (!m.isObject()) {
            throw new InvalidInputException(source + ": 'model' should be an object describing the architecture");
        }
        try {
            CellType cell = CellType.parse(text(m, "cell", source));
            Activation act = cell == CellType.RNN
                    ? Activation.parse(m.path("nonlinearity").asText("tanh"))
                    : Activation.TANH;
            RecurrentConfig r = new RecurrentConfig(cell, act, integer(m, "input_size", source),
                    integer(m, "hidden_size", source), integer(m, "num_layers", source),
                    bool(m, "bidirectional", source), bool(m, "bias", source), integer(m, "proj_size", source), false);
            String output = text(m, "output", source);
            OutputMode mode;
            try {
                mode = OutputMode.valueOf(output.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(
                        source + ": model.output is '" + output
                                + "', expected every_step, last_step, max_over_time or all_steps");
            }
            return new ModelConfig(integer(m, "vocab_size", source), r, integer(m, "output_size", source), mode,
                    m.path("dropout").asDouble(0), m.path("variational_dropout").asBoolean(false),
                    mode == OutputMode.ALL_STEPS ? integer(m, "positions", source) : 0);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(source + ": " + e.getMessage());
        }
    }

    private static String text(JsonNode m, String key, String source) {
        JsonNode n = m.get(key);
        if (n == null || !n.isTextual()) {
            throw new InvalidInputException(source + ": model." + key + " should be a string");
        }
        return n.asText();
    }

    private static int integer(JsonNode m, String key, String source) {
        JsonNode n = m.get(key);
        if (n == null || !n.canConvertToInt() || !n.isIntegralNumber()) {
            throw new InvalidInputException(source + ": model." + key + " should be an integer, got " + n);
        }
        return n.asInt();
    }

    private static boolean bool(JsonNode m, String key, String source) {
        JsonNode n = m.get(key);
        if (n == null || !n.isBoolean()) {
            throw new InvalidInputException(source + ": model." + key + " should be true or false, got " + n);
        }
        return n.asBoolean();
    }

    /** A fresh JSON object for task data. */
    public static ObjectNode newObject() {
        return JSON.createObjectNode();
    }
}
