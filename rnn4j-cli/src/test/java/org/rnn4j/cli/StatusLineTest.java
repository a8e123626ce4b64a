package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.rnn4j.train.StepResult;
import org.rnn4j.train.TrainingListener;
import org.rnn4j.train.TrainingLoop;

/**
 * The progress line at 40 to 200 columns: never wider than the terminal, the fields in one order, each
 * figure with its unit, a bar only where it has room, and an ETA only once the pace is known.
 */
class StatusLineTest {

    private static final StatusLine.Labels LM = new StatusLine.Labels("bits/char", "bpc", "val (16k slice)",
            "val~", "chars");
    private static final StatusLine.Status MID_RUN = new StatusLine.Status(1149, 4000, 0.287, 2.65191, 2.87581,
            25_612, 108);
    /** The fields' first words in display order; the bar sits after the step. */
    private static final List<String> ORDER = List.of("step", "[", "%", "loss", "val", "chars/s", "ETA");

    @ParameterizedTest
    @ValueSource(ints = {40, 60, 80, 100, 120, 160, 200})
    void theLineFitsTheTerminalAndKeepsItsOrderAndUnits(int width) {
        String line = StatusLine.render(MID_RUN, LM, width, true);
        assertTrue(line.length() <= width, width + " columns: " + line.length() + " '" + line + "'");
        assertTrue(line.contains("1149"), line);
        assertTrue(line.matches(".*loss 2\\.6519 (bits/char|bpc).*"), "the loss with its unit: " + line);
        assertFalse(line.contains("[ ]") || line.contains("[]"), "a collapsed bar: " + line);
        Matcher bar = Pattern.compile("\\[[=> ]*\\]").matcher(line);
        if (bar.find()) {
            assertTrue(bar.group().length() >= StatusLine.MIN_BAR, "a bar too narrow to read: " + line);
        }
        // every number is followed by its unit (or is the step, the share done or the ETA)
        Matcher figure = Pattern.compile("(\\d+\\.\\d+)(k?)( \\S+)").matcher(line);
        while (figure.find()) {
            String unit = figure.group(3).strip();
            assertTrue(List.of("bits/char", "bpc", "chars/s").contains(unit), "a figure without its unit: " + line);
        }
        int last = -1;
        for (String field : ORDER) {
            int at = field.equals("step") ? line.indexOf("1149") : line.indexOf(field);
            if (at >= 0) {
                assertTrue(at > last, "'" + field + "' out of order: " + line);
                last = at;
            }
        }
    }

    @Test
    void wideTerminalsShowEveryFieldInFullAndNarrowOnesKeepTheEssentials() {
        String wide = StatusLine.render(MID_RUN, LM, 200, true);
        for (String part : List.of("step 1149/4000", "29%", "loss 2.6519 bits/char",
                "val (16k slice) 2.8758 bits/char", "25.6k chars/s", "ETA 1:48")) {
            assertTrue(wide.contains(part), part + " missing at 200 columns: " + wide);
        }
        assertTrue(wide.contains("["), "a bar at 200 columns: " + wide);
        String at80 = StatusLine.render(MID_RUN, LM, 80, true);
        for (String part : List.of("1149/4000", "29%", "loss 2.6519", "chars/s", "ETA 1:48")) {
            assertTrue(at80.contains(part), part + " cut at 80 columns: " + at80);
        }
        String at40 = StatusLine.render(MID_RUN, LM, 40, true);
        assertTrue(at40.contains("loss 2.6519 bpc") && at40.contains("ETA 1:48"), at40);
        assertEquals(StatusLine.render(MID_RUN, LM, 1000, false), StatusLine.render(MID_RUN, LM, 1000, false)
                .replace("[", ""), "a log line has no bar");
    }

    @Test
    void theBarShowsTheShareDone() {
        assertEquals("[          ]", StatusLine.bar(0, 12));
        assertEquals("[====>     ]", StatusLine.bar(0.5, 12));
        assertEquals("[==========]", StatusLine.bar(1, 12));
    }

    /** A log of a run of constant pace: 0.1 s a step, 100 steps, the first step slow (start-up). */
    @Test
    void theEtaAppearsOnlyOnceThePaceIsKnownAndThenMatchesIt() {
        StringWriter err = new StringWriter();
        TrainingProgress p = new TrainingProgress(new PrintWriter(err), TrainingProgress.Mode.LOG,
                new TrainingLoop.Limits(100, 0, 0), -1, "chars", TrainingProgress.LossView.BITS_PER_CHARACTER, "val");
        p.onStart(100, 1);
        List<StatusLine.Status> seen = new ArrayList<>();
        for (int step = 1; step <= 100; step++) {
            // the first step takes 5 s (start-up), every other 0.1 s
            double elapsed = 5 + 0.1 * (step - 1);
            seen.add(p.status(new TrainingListener.StepEvent(new StepResult(step, 2.0, 1.0, false, 1e-3, 64), 0,
                    640, elapsed)));
        }
        assertTrue(Double.isNaN(seen.get(0).etaSeconds()), "an ETA from the first step: " + seen.get(0));
        assertTrue(Double.isNaN(seen.get(3).etaSeconds()), "an ETA after 3 steps: " + seen.get(3));
        StatusLine.Status half = seen.get(49);
        assertEquals(0.1 * 50, half.etaSeconds(), 0.2, "the pace after the first step: " + half);
        assertTrue(Double.isNaN(seen.get(99).etaSeconds()), "an ETA at the end: " + seen.get(99));
        String line = StatusLine.render(seen.get(0), new StatusLine.Labels("bits/char", "bpc", "val", "val", "chars"),
                200, false);
        assertFalse(line.contains("ETA"), line);
    }
}
