package org.rnn4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Objects;

/** Checks a record's {@code withX} methods: a wither changes the component it names and leaves every other. */
public final class RecordWithers {

    private RecordWithers() {
    }

    /**
     * Asserts that {@code changed} differs from {@code base} in component {@code component} and equals
     * it in every other.
     */
    public static <R extends Record> void assertChangesOnly(R base, R changed, String component) {
        RecordComponent[] components = base.getClass().getRecordComponents();
        assertEquals(1, Arrays.stream(components).filter(c -> c.getName().equals(component)).count(),
                base.getClass().getSimpleName() + " has no component " + component);
        for (RecordComponent c : components) {
            Object before = value(c, base);
            Object after = value(c, changed);
            if (c.getName().equals(component)) {
                assertNotEquals(before, after, component + " should change");
            } else {
                assertEquals(before, after, c.getName() + " should stay as it was when " + component + " changes");
            }
        }
    }

    private static Object value(RecordComponent c, Record r) {
        try {
            return c.getAccessor().invoke(Objects.requireNonNull(r));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot read " + c.getName() + " of " + r, e);
        }
    }
}
