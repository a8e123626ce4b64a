package org.rnn4j.cli;

import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rnn4j.kernel.Activation;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.train.OptimizerSpec;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converters that check an option's value while the command line is parsed, so that a value out of
 * range ({@code --hidden -1}, {@code --horizon 0}, {@code --time-budget 5x}) is a usage error
 * ({@link ExitCodes#USAGE}) naming the option, before any file is read.
 */
final class OptionValues {

    private OptionValues() {
    }

    /** An integer ≥ 1. */
    static final class PositiveInt implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int v = parseInt(value);
            if (v < 1) {
                throw new TypeConversionException("expected a whole number ≥ 1, got '" + value + "'");
            }
            return v;
        }
    }

    /** An integer ≥ 0. */
    static final class NonNegativeInt implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int v = parseInt(value);
            if (v < 0) {
                throw new TypeConversionException("expected a whole number ≥ 0, got '" + value + "'");
            }
            return v;
        }
    }

    /** A long integer ≥ 1. */
    static final class PositiveLong implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            long v;
            try {
                v = Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("expected a whole number, got '" + value + "'");
            }
            if (v < 1) {
                throw new TypeConversionException("expected a whole number ≥ 1, got '" + value + "'");
            }
            return v;
        }
    }

    /** A finite number > 0. */
    static final class PositiveDouble implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double v = parseDouble(value);
            if (!(v > 0)) {
                throw new TypeConversionException("expected a number > 0, got '" + value + "'");
            }
            return v;
        }
    }

    /** A finite number ≥ 0. */
    static final class NonNegativeDouble implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double v = parseDouble(value);
            if (!(v >= 0)) {
                throw new TypeConversionException("expected a number ≥ 0, got '" + value + "'");
            }
            return v;
        }
    }

    /** A fraction in [0, 1). */
    static final class Fraction implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double v = parseDouble(value);
            if (!(v >= 0 && v < 1)) {
                throw new TypeConversionException("expected a fraction in [0, 1), got '" + value + "'");
            }
            return v;
        }
    }

    /**
     * A duration: {@code 90s}, {@code 10m}, {@code 1.5h}, {@code 1h30m}, or a plain number of seconds;
     * converted to seconds, > 0.
     */
    /** {@code stop} or {@code rollback-lower-lr}. */
    static final class DivergenceAction implements ITypeConverter<org.rnn4j.train.DivergenceRule.Action> {
        @Override
        public org.rnn4j.train.DivergenceRule.Action convert(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "stop" -> org.rnn4j.train.DivergenceRule.Action.STOP;
                case "rollback-lower-lr" -> org.rnn4j.train.DivergenceRule.Action.ROLLBACK_LOWER_LR;
                default -> throw new TypeConversionException("expected stop or rollback-lower-lr, got '"
                        + (value.length() > 80 ? value.substring(0, 77) + "..." : value) + "'");
            };
        }
    }

    static final class Duration implements ITypeConverter<Double> {
        private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)?");

        @Override
        public Double convert(String value) {
            String text = value.trim().toLowerCase(Locale.ROOT);
            Matcher m = PART.matcher(text);
            double seconds = 0;
            int at = 0;
            boolean any = false;
            while (at < text.length() && m.find(at) && m.start() == at) {
                double n = Double.parseDouble(m.group(1));
                String unit = m.group(2);
                if (unit == null && m.end() != text.length()) {
                    break;
                }
                seconds += n * switch (unit == null ? "s" : unit) {
                    case "ms" -> 0.001;
                    case "m" -> 60;
                    case "h" -> 3600;
                    case "d" -> 86400;
                    default -> 1;
                };
                at = m.end();
                any = true;
            }
            if (!any || at != text.length()) {
                throw new TypeConversionException("expected a duration such as 90s, 10m, 1h30m or a number of"
                        + " seconds, got '" + value + "'");
            }
            if (!(seconds > 0) || !Double.isFinite(seconds)) {
                throw new TypeConversionException("expected a duration > 0, got '" + value + "'");
            }
            return seconds;
        }
    }

    /**
     * One of a few names, read by {@code parse} (which throws IllegalArgumentException for any other);
     * refused as "expected CHOICES, got 'VALUE'".
     */
    abstract static class Named<T> implements ITypeConverter<T> {
        private final Function<String, T> parse;
        private final String choices;

        Named(Function<String, T> parse, String choices) {
            this.parse = parse;
            this.choices = choices;
        }

        @Override
        public T convert(String value) {
            try {
                return parse.apply(value.trim());
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("expected " + choices + ", got '" + value + "'");
            }
        }
    }

    /** rnn, lstm or gru. */
    static final class Cell extends Named<CellType> {
        Cell() {
            super(CellType::parse, "rnn, lstm or gru");
        }
    }

    /** tanh, relu or sigmoid. */
    static final class Nonlinearity extends Named<Activation> {
        Nonlinearity() {
            super(Activation::parse, "tanh, relu or sigmoid");
        }
    }

    /** One of {@link OptimizerSpec#NAMES}. */
    static final class OptimizerName implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String name = value.trim().toLowerCase(Locale.ROOT);
            if (!OptimizerSpec.NAMES.contains(name)) {
                throw new TypeConversionException(
                        "expected one of " + String.join(", ", OptimizerSpec.NAMES) + ", got '"
                                + value + "'");
            }
            return name;
        }
    }

    private static int parseInt(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("expected a whole number, got '" + value + "'");
        }
    }

    private static double parseDouble(String value) {
        double v;
        try {
            v = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("expected a number, got '" + value + "'");
        }
        if (!Double.isFinite(v)) {
            throw new TypeConversionException("expected a finite number, got '" + value + "'");
        }
        return v;
    }
}
