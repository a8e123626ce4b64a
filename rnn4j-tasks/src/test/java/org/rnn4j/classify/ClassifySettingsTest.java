package org.rnn4j.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnn4j.testing.RecordWithers;

/** ClassifySettings: each wither changes its own field and no other, and validates again. */
class ClassifySettingsTest {

    private static final ClassifySettings LONG_FORM = new ClassifySettings("label", "id", "frame", List.of("a", "b"),
            null, "fold", 0.3, 0.15, ClassifySettings.ClassWeights.NONE, 5);
    private static final ClassifySettings PER_ROW = new ClassifySettings("label", "name", null, null, "text", "fold",
            0.3, 0.15, ClassifySettings.ClassWeights.NONE, 5);

    @Test
    void eachWitherChangesOnlyItsField() {
        RecordWithers.assertChangesOnly(LONG_FORM, LONG_FORM.withFeatureColumns(List.of("c")), "featureColumns");
        RecordWithers.assertChangesOnly(LONG_FORM, LONG_FORM.withIdColumn("key"), "idColumn");
        RecordWithers.assertChangesOnly(PER_ROW, PER_ROW.withIdColumn(null), "idColumn");
        RecordWithers.assertChangesOnly(LONG_FORM, LONG_FORM.withSplitColumn("split"), "splitColumn");
        RecordWithers.assertChangesOnly(LONG_FORM, LONG_FORM.withTestFraction(0.1), "testFraction");
        RecordWithers.assertChangesOnly(LONG_FORM, LONG_FORM.withValidationFraction(0.1), "validationFraction");
        RecordWithers.assertChangesOnly(LONG_FORM, LONG_FORM.withClassWeights(ClassifySettings.ClassWeights.BALANCED),
                "classWeights");
        RecordWithers.assertChangesOnly(LONG_FORM, LONG_FORM.withSeed(6), "seed");
    }

    @Test
    void balancedClassWeightsByHand() {
        // n = 40 over C = 2 classes: 40 / (2·30) and 40 / (2·10)
        assertArrayEquals(new double[] {2.0 / 3, 2.0},
                ClassifyRunner.classWeights(ClassifySettings.ClassWeights.BALANCED, new int[] {30, 10}), 1e-12);
        assertNull(ClassifyRunner.classWeights(ClassifySettings.ClassWeights.NONE, new int[] {30, 10}));
        assertEquals(ClassifySettings.ClassWeights.BALANCED, ClassifySettings.ClassWeights.parse(" Balanced"));
        assertThrows(IllegalArgumentException.class, () -> ClassifySettings.ClassWeights.parse("inverse"));
    }

    @Test
    void aWitherValidatesLikeTheConstructor() {
        assertThrows(IllegalArgumentException.class, () -> LONG_FORM.withValidationFraction(1));
        assertThrows(IllegalArgumentException.class, () -> LONG_FORM.withTestFraction(-0.1));
        assertThrows(IllegalArgumentException.class, () -> LONG_FORM.withIdColumn(" "));
        assertThrows(IllegalArgumentException.class, () -> PER_ROW.withFeatureColumns(List.of("a")));
    }
}
