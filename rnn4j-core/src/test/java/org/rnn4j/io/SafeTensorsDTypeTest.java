package org.rnn4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The dtypes rnn4j reads but does not make itself (F64, F16, BF16, I32, I16, I8, U8, BOOL), from
 * bytes written by hand; and the 16-bit float conversions over every bit pattern.
 */
class SafeTensorsDTypeTest {

    @Test
    void readsEveryDTypeFromHandMadeBytes() {
        ByteBuffer d = RawFile.data(8 * 3 + 2 * 4 + 2 * 4 + 4 * 3 + 2 * 3 + 3 + 3 + 4);
        d.putDouble(1.0).putDouble(-2.5).putDouble(0.1);                      // F64   [0, 24)
        d.putShort((short) 0x3c00).putShort((short) 0xc000)                   // F16   [24, 32): 1, -2,
                .putShort((short) 0x0001).putShort((short) 0x7bff);           //        2^-24, 65504
        d.putShort((short) 0x3f80).putShort((short) 0xc0a0)                   // BF16  [32, 40): 1, -5,
                .putShort((short) 0x7f80).putShort((short) 0x3e4c);           //        +inf, 0.19921875
        d.putInt(-7).putInt(Integer.MAX_VALUE).putInt(Integer.MIN_VALUE);      // I32   [40, 52)
        d.putShort((short) -300).putShort(Short.MAX_VALUE).putShort(Short.MIN_VALUE); // I16 [52, 58)
        d.put((byte) -128).put((byte) 127).put((byte) -1);                    // I8    [58, 61)
        d.put((byte) 0).put((byte) 255).put((byte) 128);                      // U8    [61, 64)
        d.put((byte) 1).put((byte) 0).put((byte) 0).put((byte) 1);            // BOOL  [64, 68)
        String header = "{" + String.join(",",
                RawFile.entry("f64", "F64", "[3]", 0, 24),
                RawFile.entry("f16", "F16", "[2,2]", 24, 32),
                RawFile.entry("bf16", "BF16", "[4]", 32, 40),
                RawFile.entry("i32", "I32", "[3]", 40, 52),
                RawFile.entry("i16", "I16", "[3]", 52, 58),
                RawFile.entry("i8", "I8", "[3,1]", 58, 61),
                RawFile.entry("u8", "U8", "[3]", 61, 64),
                RawFile.entry("flags", "BOOL", "[2,2]", 64, 68)) + "}";
        byte[] bytes = RawFile.of(header, d.array());

        SafeTensorsFile file = SafeTensors.read(bytes, "dtypes");

        assertEquals(DType.F64, file.get("f64").dtype());
        assertArrayEquals(new float[] {1.0f, -2.5f, 0.1f}, file.get("f64").floats(), "F64 rounded to float");
        assertEquals(DType.F16, file.get("f16").dtype());
        assertArrayEquals(new float[] {1, -2, 0x1p-24f, 65504}, file.get("f16", 2, 2).floats());
        assertEquals(DType.BF16, file.get("bf16").dtype());
        assertArrayEquals(new float[] {1, -5, Float.POSITIVE_INFINITY, 0.19921875f}, file.get("bf16").floats());
        assertArrayEquals(new long[] {-7, Integer.MAX_VALUE, Integer.MIN_VALUE}, file.get("i32").longs());
        assertArrayEquals(new long[] {-300, Short.MAX_VALUE, Short.MIN_VALUE}, file.get("i16").longs());
        assertArrayEquals(new long[] {-128, 127, -1}, file.get("i8", 3, 1).longs());
        assertArrayEquals(new long[] {0, 255, 128}, file.get("u8").longs(), "U8 is unsigned");
        assertArrayEquals(new long[] {1, 0, 0, 1}, file.get("flags").longs());
        assertEquals(DType.BOOL, file.get("flags").dtype());
        for (String name : file.names()) {
            assertEquals(file.get(name).dtype().isFloat(), file.get(name).isFloat(), name);
        }

        // writing what was read keeps each dtype and reproduces the very same bytes, except that F64
        // lost its precision beyond float when it was read
        Map<String, TensorData> again = new java.util.LinkedHashMap<>();
        for (String name : new String[] {"f64", "f16", "bf16", "i32", "i16", "i8", "u8", "flags"}) {
            again.put(name, file.get(name));
        }
        byte[] rewritten = SafeTensors.toBytes(Map.of(), again);
        SafeTensorsFile reread = SafeTensors.read(rewritten, "again");
        for (String name : again.keySet()) {
            assertEquals(again.get(name), reread.get(name), name);
        }
        int n = header.length();
        int m = (int) ByteBuffer.wrap(rewritten).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        assertArrayEquals(java.util.Arrays.copyOfRange(bytes, 8 + n + 24, bytes.length),
                java.util.Arrays.copyOfRange(rewritten, 8 + m + 24, rewritten.length), "same data after F64");
        ByteBuffer f64 = ByteBuffer.wrap(rewritten, 8 + m, 24).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(1.0, f64.getDouble());
        assertEquals(-2.5, f64.getDouble());
        assertEquals((double) 0.1f, f64.getDouble(), "0.1 as rounded to float on reading");
    }

    @Test
    void dtypeNamesAndSizes() {
        assertEquals(Optional.of(DType.BF16), DType.fromSafetensorsName("BF16"));
        assertEquals(Optional.empty(), DType.fromSafetensorsName("bf16"), "names are case-sensitive");
        assertEquals(Optional.empty(), DType.fromSafetensorsName("U64"));
        int[] sizes = {4, 8, 2, 2, 8, 4, 2, 1, 1, 1};
        for (DType t : DType.values()) {
            assertEquals(sizes[t.ordinal()], t.byteSize(), t.name());
            assertEquals(t.name(), t.safetensorsName());
        }
    }

    @Test
    void halfConversionRoundTripsEveryBitPattern() {
        for (int bits = 0; bits < 0x10000; bits++) {
            short h = (short) bits;
            float f = HalfFloats.halfToFloat(h);
            if (Float.isNaN(f)) {
                assertTrue((bits & 0x7c00) == 0x7c00 && (bits & 0x3ff) != 0, Integer.toHexString(bits));
                short back = HalfFloats.floatToHalf(f);
                assertTrue((back & 0x7c00) == 0x7c00 && (back & 0x3ff) != 0, "NaN stays NaN");
            } else {
                assertEquals(bits, HalfFloats.floatToHalf(f) & 0xffff, Integer.toHexString(bits));
            }
        }
    }

    @Test
    void halfConversionRoundsToNearestEven() {
        // 1 + 2^-11 is halfway between 1 and the next half (1 + 2^-10): ties to the even mantissa, 1
        assertEquals(0x3c00, HalfFloats.floatToHalf(1 + 0x1p-11f) & 0xffff);
        // 1 + 3*2^-11 is halfway between 1 + 2^-10 (odd) and 1 + 2^-9 (even)
        assertEquals(0x3c02, HalfFloats.floatToHalf(1 + 3 * 0x1p-11f) & 0xffff);
        assertEquals(0x3c01, HalfFloats.floatToHalf(1 + 0x1p-11f + 0x1p-20f) & 0xffff, "above the tie goes up");
        assertEquals(0x7bff, HalfFloats.floatToHalf(65519.99f) & 0xffff);
        assertEquals(0x7c00, HalfFloats.floatToHalf(65520f) & 0xffff, "overflow to infinity");
        assertEquals(0xfc00, HalfFloats.floatToHalf(-1e10f) & 0xffff);
        assertEquals(0x0000, HalfFloats.floatToHalf(0x1p-25f) & 0xffff, "tie at the smallest subnormal: to 0");
        assertEquals(0x0001, HalfFloats.floatToHalf(0x1.8p-25f) & 0xffff);
        assertEquals(0x0002, HalfFloats.floatToHalf(0x1.8p-24f) & 0xffff, "1.5 units ties to 2");
        assertEquals(0x0400, HalfFloats.floatToHalf(0x1.ffcp-15f) & 0xffff, "rounds up into the normals");
        assertEquals(0x8000, HalfFloats.floatToHalf(-Float.MIN_VALUE) & 0xffff, "keeps the sign of zero");
        assertEquals(0.333251953125f, HalfFloats.halfToFloat(HalfFloats.floatToHalf(1f / 3)));
    }

    @Test
    void bfloat16ConversionRoundTripsEveryBitPatternAndRoundsToNearestEven() {
        for (int bits = 0; bits < 0x10000; bits++) {
            float f = HalfFloats.bf16ToFloat((short) bits);
            short back = HalfFloats.floatToBf16(f);
            if (Float.isNaN(f)) {
                assertTrue(Float.isNaN(HalfFloats.bf16ToFloat(back)));
            } else {
                assertEquals(bits, back & 0xffff, Integer.toHexString(bits));
            }
        }
        assertEquals(0x3f80, HalfFloats.floatToBf16(Float.intBitsToFloat(0x3f808000)) & 0xffff, "tie to even");
        assertEquals(0x3f82, HalfFloats.floatToBf16(Float.intBitsToFloat(0x3f818000)) & 0xffff, "tie to even");
        assertEquals(0x3f81, HalfFloats.floatToBf16(Float.intBitsToFloat(0x3f808001)) & 0xffff);
        assertEquals(0x7f80, HalfFloats.floatToBf16(Float.MAX_VALUE) & 0xffff, "overflow to infinity");
        // a NaN whose payload sits only in the dropped bits must not become infinity
        assertTrue(Float.isNaN(HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(Float.intBitsToFloat(0x7f800001)))));
        assertTrue(Float.isNaN(HalfFloats.halfToFloat(HalfFloats.floatToHalf(Float.intBitsToFloat(0x7f800001)))));
    }
}
