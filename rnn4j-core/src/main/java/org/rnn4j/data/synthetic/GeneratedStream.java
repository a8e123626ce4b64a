package org.rnn4j.data.synthetic;

import java.util.Map;
import org.rnn4j.train.Batch;
import org.rnn4j.train.BatchSource;
import org.rnn4j.train.DataCursor;
import org.rnn4j.util.Rng;

/**
 * What the synthetic tasks share: an endless stream of fresh batches drawn from one seeded
 * generator. The stream never completes a pass, and its position is the generator's state.
 */
abstract class GeneratedStream implements BatchSource {

    private final Rng rng;
    /** The cursor's kind in an error message, e.g. "an adding-problem cursor". */
    private final String cursorKind;
    private long batches;

    GeneratedStream(long seed, String cursorKind) {
        this.rng = new Rng(seed);
        this.cursorKind = cursorKind;
    }

    /** A fresh batch drawn from {@code rng}, in arrays of its own. */
    abstract Batch draw(Rng rng);

    /** A fresh batch; its arrays are new at every call, so a caller may keep it (a fixed test set). */
    @Override
    public final Batch next() {
        Batch batch = draw(rng);
        batches++;
        return batch;
    }

    /** Always 0: the stream is endless and never completes a pass. */
    @Override
    public final long epoch() {
        return 0;
    }

    /** {@code rng}: the generator's state; {@code batches}: batches drawn so far (informational). */
    @Override
    public final Map<String, Long> cursor() {
        return DataCursor.of("rng", rng.state(), "batches", batches);
    }

    @Override
    public final void restore(Map<String, Long> cursor) {
        DataCursor.Reader saved = DataCursor.read(cursor, "is not " + cursorKind
                + " (expected keys rng and batches) — was the checkpoint made with another --task?");
        long state = saved.value("rng");
        long count = saved.count("batches");
        rng.setState(state);
        batches = count;
    }
}
