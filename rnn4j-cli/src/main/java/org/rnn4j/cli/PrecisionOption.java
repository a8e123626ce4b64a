package org.rnn4j.cli;

import org.rnn4j.io.ModelDirectory;
import org.rnn4j.kernel.Precision;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code --precision fp32|bf16|int8}: the precision a serving command reads the model's weights in. */
final class PrecisionOption {

    @Option(names = "--precision", paramLabel = "P", converter = PrecisionOption.Parse.class, defaultValue = "fp32",
            description = "Weights in fp32 (PyTorch-exact), bf16 or int8 (one scale per output row): a half or a"
                    + " quarter of the bytes per step; activations and sums stay fp32.")
    Precision precision;

    /** Sets the precision on the loaded network; returns the contents for chaining. */
    ModelDirectory.Contents apply(ModelDirectory.Contents contents) {
        contents.model().setPrecision(precision);
        return contents;
    }

    static final class Parse implements ITypeConverter<Precision> {
        @Override
        public Precision convert(String value) {
            try {
                return Precision.parse(value.trim());
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("expected fp32, bf16 or int8, got '" + value + "'");
            }
        }
    }
}
