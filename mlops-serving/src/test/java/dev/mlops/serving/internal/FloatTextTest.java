package dev.mlops.serving.internal;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The float formatter reads back to the same float, is never longer than Float.toString and lays out like it. */
class FloatTextTest {

    private static String text(float f) {
        byte[] b = new byte[FloatText.MAX_LENGTH + 4];
        b[0] = 'x';
        int end = FloatText.write(f, b, 1);
        assertThat(end - 1).isLessThanOrEqualTo(FloatText.MAX_LENGTH);
        return new String(b, 1, end - 1, StandardCharsets.US_ASCII);
    }

    private static void assertRoundTripsAndIsNeverLonger(float f) {
        String s = text(f);
        String jdk = Float.toString(f);
        assertThat(Float.floatToRawIntBits(Float.parseFloat(s))).as("%s (Float.toString %s)", s, jdk)
                .isEqualTo(Float.isNaN(f) ? Float.floatToRawIntBits(Float.NaN) : Float.floatToRawIntBits(f));
        assertThat(s.length()).as("%s vs Float.toString %s", s, jdk).isLessThanOrEqualTo(jdk.length());
        assertThat(s.contains("E")).as("%s vs %s: same layout", s, jdk).isEqualTo(jdk.contains("E"));
        assertThat(s.contains(".") || !Float.isFinite(f)).as(s).isTrue();
    }

    @Property(tries = 20000)
    void everyFloatReadsBackAndIsNeverLongerThanFloatToString(@ForAll float f) {
        assertRoundTripsAndIsNeverLonger(f);
    }

    @Property(tries = 20000)
    void anyBitPatternReadsBackAndIsNeverLongerThanFloatToString(@ForAll int bits) {
        assertRoundTripsAndIsNeverLonger(Float.intBitsToFloat(bits));
    }

    @Property(tries = 5000)
    void probabilitiesReadBackAndIsNeverLonger(@ForAll @IntRange(min = 0, max = 1 << 24) int n) {
        assertRoundTripsAndIsNeverLonger(n / (float) (1 << 24));
    }

    @Test
    void subnormalsAndTheirNeighboursReadBack() {
        for (int bits = 0; bits < (1 << 23) + 4096; bits += 97) {
            assertRoundTripsAndIsNeverLonger(Float.intBitsToFloat(bits));
            assertRoundTripsAndIsNeverLonger(-Float.intBitsToFloat(bits));
        }
        for (int bits = 0; bits < 64; bits++) {
            assertRoundTripsAndIsNeverLonger(Float.intBitsToFloat(bits));
        }
    }

    @Test
    void powersOfTwoAndTenReadBack() {
        for (int e = -149; e <= 127; e++) {
            assertRoundTripsAndIsNeverLonger((float) Math.scalb(1.0, e));
        }
        for (int e = -45; e <= 38; e++) {
            assertRoundTripsAndIsNeverLonger(Float.parseFloat("1e" + e));
            assertRoundTripsAndIsNeverLonger(Math.nextUp(Float.parseFloat("1e" + e)));
            assertRoundTripsAndIsNeverLonger(Math.nextDown(Float.parseFloat("1e" + e)));
        }
    }

    @Test
    void spellsValuesAsFloatToStringDoesWhereThatIsShortest() {
        assertThat(text(0f)).isEqualTo("0.0");
        assertThat(text(-0f)).isEqualTo("-0.0");
        assertThat(text(Float.NaN)).isEqualTo("NaN");
        assertThat(text(Float.POSITIVE_INFINITY)).isEqualTo("Infinity");
        assertThat(text(Float.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
        assertThat(text(1f)).isEqualTo("1.0");
        assertThat(text(-1.5f)).isEqualTo("-1.5");
        assertThat(text(100f)).isEqualTo("100.0");
        assertThat(text(0.1f)).isEqualTo("0.1");
        assertThat(text(0.001f)).isEqualTo("0.001");
        assertThat(text(0.0001f)).isEqualTo("1.0E-4");
        assertThat(text(1234567f)).isEqualTo("1234567.0");
        assertThat(text(9999999f)).isEqualTo("9999999.0");
        assertThat(text(1e7f)).isEqualTo("1.0E7");
        assertThat(text(16777216f)).isEqualTo("1.6777216E7");
        assertThat(text(0.12345678f)).isEqualTo("0.12345678");
        assertThat(text(Float.MAX_VALUE)).isEqualTo("3.4028235E38");
        assertThat(text(Float.MIN_VALUE)).isEqualTo("1.4E-45");
        assertThat(text(0.3f)).isEqualTo("0.3");
        assertThat(text(2f / 3f)).isEqualTo("0.6666667");
    }

    @Test
    void isShorterThanJdk17WhereItsFloatToStringIsNotShortest() {
        // JDK 17 prints 3.3584488E7 for this float; 3.358449E7 reads back to the same float
        float f = Float.parseFloat("3.3584488E7");
        assertThat(Float.parseFloat("3.358449E7")).isEqualTo(f);
        assertThat(text(f)).isEqualTo("3.358449E7");
        // and 1.17549435E-38 for Float.MIN_NORMAL, where 1.1754944E-38 reads back the same
        assertThat(Float.toString(Float.MIN_NORMAL)).isEqualTo("1.17549435E-38");
        assertThat(text(Float.MIN_NORMAL)).isEqualTo("1.1754944E-38");
        assertThat(text(-Float.MIN_NORMAL)).isEqualTo("-1.1754944E-38");
    }
}
