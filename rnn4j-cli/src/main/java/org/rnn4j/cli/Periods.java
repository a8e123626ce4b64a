package org.rnn4j.cli;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The periods after the last rows of a time column, for the forecast's output: whole numbers
 * ({@code 1960}), months ({@code 1960-12}), dates ({@code 1960-12-31}, a month apart or a fixed number
 * of days) and date-times, continued at the spacing of the last rows when it is regular, written as
 * the column writes them.
 */
final class Periods {

    private Periods() {
    }

    /**
     * The {@code horizon} periods after {@code times}, or null when the column's last values are not
     * one of those kinds, or are not evenly spaced (then the forecast numbers its steps only).
     */
    static List<String> following(List<String> times, int horizon) {
        if (times == null || times.size() < 2) {
            return null;
        }
        List<String> last = times.subList(Math.max(0, times.size() - 3), times.size()).stream().map(String::strip)
                .toList();
        List<String> out = tryKind(last, horizon, Long::parseLong, (a, b) -> b - a, (t, step, k) -> t + k * step);
        if (out == null) {
            out = tryKind(last, horizon, YearMonth::parse, (a, b) -> a.until(b, ChronoUnit.MONTHS),
                    (t, step, k) -> t.plusMonths(k * step));
        }
        if (out == null) {
            out = dates(last, horizon);
        }
        if (out == null) {
            out = tryKind(last, horizon, LocalDateTime::parse, (a, b) -> Duration.between(a, b).getSeconds(),
                    (t, step, k) -> t.plusSeconds(k * step));
        }
        return out;
    }

    /** Dates: a month apart when they share the day of the month, else a fixed number of days. */
    private static List<String> dates(List<String> last, int horizon) {
        List<String> monthly = tryKind(last, horizon, LocalDate::parse,
                (a, b) -> a.getDayOfMonth() == b.getDayOfMonth() ? a.until(b, ChronoUnit.MONTHS) : 0,
                (t, step, k) -> t.plusMonths(k * step));
        if (monthly != null) {
            return monthly;
        }
        return tryKind(last, horizon, LocalDate::parse, (a, b) -> a.until(b, ChronoUnit.DAYS),
                (t, step, k) -> t.plusDays(k * step));
    }

    /** How far apart two periods are, in the kind's unit. */
    private interface Spacing<T> {
        long between(T a, T b);
    }

    /** The period {@code k} steps after {@code t}. */
    private interface Advance<T> {
        T after(T t, long step, long k);
    }

    private static <T> List<String> tryKind(List<String> last, int horizon, Function<String, T> parse,
            Spacing<T> spacing, Advance<T> advance) {
        List<T> parsed = new ArrayList<>();
        try {
            for (String s : last) {
                parsed.add(parse.apply(s));
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            return null;
        }
        long step = spacing.between(parsed.get(parsed.size() - 2), parsed.get(parsed.size() - 1));
        if (step <= 0) {
            return null;
        }
        for (int i = 1; i < parsed.size(); i++) {
            if (spacing.between(parsed.get(i - 1), parsed.get(i)) != step) {
                return null;
            }
        }
        T end = parsed.get(parsed.size() - 1);
        List<String> out = new ArrayList<>(horizon);
        for (int k = 1; k <= horizon; k++) {
            out.add(advance.after(end, step, k).toString());
        }
        return out;
    }
}
