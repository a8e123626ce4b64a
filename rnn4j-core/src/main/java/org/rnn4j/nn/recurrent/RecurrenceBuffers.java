package org.rnn4j.nn.recurrent;

/**
 * The working arrays of one direction of one layer, sized for the largest pass so far and reused by
 * every pass, so that a pass allocates nothing once they are large enough. Legend of
 * {@link DirectionalRecurrence}; every array is time-major.
 */
final class RecurrenceBuffers {

    private final CellType cell;
    private final int gateWidth;
    private final int hidden;
    private final int stateSize;
    private final int proj;
    private int capacityRows = -1;
    private int capacityBatch = -1;

    // forward
    /** [T, B, G·H] input projection {@code X·W_ihᵀ + b_ih}. */
    float[] xproj;
    /** [T, B, G·H] recurrent projection {@code h·W_hhᵀ + b_hh} (kept only where backward reads it). */
    float[] hproj;
    /** [T, B, G·H] activated gates (LSTM, GRU). */
    float[] gates;
    /** [T+1, B, S] states; see {@link DirectionalRecurrence} for the indexing of either direction. */
    float[] states;
    /** [T+1, B, H] LSTM cell states, indexed as {@code states}. */
    float[] cells;
    /** [T, B, H] LSTM with projection: {@code m = o ⊙ tanh(c)} before {@code W_hr}. */
    float[] cellOut;
    // backward
    /** [T, B, G·H] dL/d xproj of every step. */
    float[] dXproj;
    /** [T, B, G·H] dL/d hproj; the same array as {@code dXproj} unless GRU, where they differ. */
    float[] dHproj;
    /** [T, B, P] LSTM with projection: dL/dh of every step, for {@code dW_hr}. */
    float[] dStates;
    /** [B, S] dL/dh after the current step, and the one before it (swapped at every step). */
    float[] dh;
    float[] dhPrev;
    /** [B, H] LSTM: dL/dc, a copy of it for inactive rows, and dL/dm. */
    float[] dc;
    float[] dcSaved;
    float[] dm;

    RecurrenceBuffers(CellType cell, int hidden, int stateSize, int proj) {
        this.cell = cell;
        this.gateWidth = cell.gates() * hidden;
        this.hidden = hidden;
        this.stateSize = stateSize;
        this.proj = proj;
    }

    /** Makes every array large enough for {@code rows = T·B} rows of a batch of {@code batch}. */
    void ensureCapacity(int rows, int batch) {
        if (rows <= capacityRows && batch <= capacityBatch) {
            return;
        }
        int cap = Math.max(rows, capacityRows);
        int bcap = Math.max(batch, capacityBatch);
        xproj = new float[cap * gateWidth];
        hproj = new float[cap * gateWidth];
        gates = cell == CellType.RNN ? null : new float[cap * gateWidth];
        // one extra step of states for the initial state
        states = new float[(cap + bcap) * stateSize];
        cells = cell == CellType.LSTM ? new float[(cap + bcap) * hidden] : null;
        cellOut = proj > 0 ? new float[cap * hidden] : null;
        dXproj = new float[cap * gateWidth];
        dHproj = cell == CellType.GRU ? new float[cap * gateWidth] : dXproj;
        dStates = proj > 0 ? new float[cap * proj] : null;
        dh = new float[bcap * stateSize];
        dhPrev = new float[bcap * stateSize];
        dc = new float[bcap * hidden];
        dcSaved = new float[bcap * hidden];
        dm = new float[bcap * hidden];
        capacityRows = cap;
        capacityBatch = bcap;
    }
}
