package org.rnn4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parameter.byName: every parameter under its name, in the list's order. */
class ParameterByNameTest {

    @Test
    void namesMapToTheirParametersInOrder() {
        Parameter w = new Parameter("weight_ih_l0", 4, 2);
        Parameter b = new Parameter("bias_ih_l0", 4);
        Parameter d = new Parameter("decoder.weight", 3, 4);
        Map<String, Parameter> named = Parameter.byName(List.of(w, b, d));
        assertEquals(List.of("weight_ih_l0", "bias_ih_l0", "decoder.weight"), List.copyOf(named.keySet()));
        assertSame(b, named.get("bias_ih_l0"));
    }
}
