package dev.mlops.serving.internal;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The byte-level number parser is exactly Float.parseFloat / Double.parseDouble / Long.parseLong on the same text. */
class AsciiNumbersTest {

    /** Decimal strings: optional sign, 0–25 digits with leading zeros, an optional point and fraction, an exponent. */
    @Provide
    Arbitrary<String> decimals() {
        Arbitrary<String> sign = Arbitraries.of("", "", "-", "+");
        Arbitrary<String> zeros = Arbitraries.of("", "", "0", "00", "000000");
        Arbitrary<String> intPart = Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(12);
        Arbitrary<String> frac = Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.just("."),
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(14).map(f -> "." + f));
        Arbitrary<String> exp = Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.just(""),
                Arbitraries.integers().between(-50, 50).map(e -> "e" + e),
                Arbitraries.integers().between(0, 40).map(e -> "E+" + e),
                Arbitraries.integers().between(-400, 400).map(e -> "e" + e));
        return Combinators.combine(sign, zeros, intPart, frac, exp).as((s, z, i, f, e) -> s + z + i + f + e)
                .filter(t -> t.chars().anyMatch(Character::isDigit));
    }

    /** Short decimals like a CSV of measurements holds: the fast path's home ground. */
    @Provide
    Arbitrary<String> measurements() {
        return Combinators.combine(Arbitraries.of("", "-"), Arbitraries.integers().between(0, 99_999_999),
                        Arbitraries.integers().between(0, 10))
                .as((s, m, decimals) -> {
                    String digits = String.format("%0" + (decimals + 1) + "d", m);
                    int point = digits.length() - decimals;
                    return s + digits.substring(0, point) + (decimals > 0 ? "." + digits.substring(point) : "");
                });
    }

    @Property(tries = 3000)
    void parsesDecimalStringsExactlyAsFloatParseFloat(@ForAll("decimals") String text) {
        assertFloatMatches(text);
    }

    @Property(tries = 3000)
    void parsesMeasurementsExactlyAsFloatParseFloat(@ForAll("measurements") String text) {
        assertFloatMatches(text);
    }

    @Property(tries = 3000)
    void parsesDecimalStringsExactlyAsDoubleParseDouble(@ForAll("decimals") String text) {
        byte[] b = bytes("," + text + ",");
        double expected;
        try {
            expected = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            assertThatThrownBy(() -> AsciiNumbers.parseDouble(b, 1, b.length - 1)).isInstanceOf(NumberFormatException.class);
            return;
        }
        assertThat(Double.doubleToRawLongBits(AsciiNumbers.parseDouble(b, 1, b.length - 1)))
                .as(text).isEqualTo(Double.doubleToRawLongBits(expected));
    }

    @Property(tries = 2000)
    void parsesTheShortestTextOfAnyFloatBackToIt(@ForAll float f) {
        assertFloatMatches(Float.toString(f));
        assertFloatMatches(new java.math.BigDecimal(f).toPlainString());
    }

    @Property(tries = 2000)
    void parsesLongsExactlyAsLongParseLong(@ForAll long v) {
        String text = Long.toString(v);
        byte[] b = bytes(text);
        assertThat(AsciiNumbers.parseLong(b, 0, b.length)).isEqualTo(v);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "0.0", "-0.0", "1", "16777216", "16777217", "16777218", "16777219", "33554431",
            "1e-45", "1.4e-45", "7e-46", "1e-46", "3.4028235e38", "3.4028236e38", "3.40282357e38", "1e39", "-1e39",
            "1.17549435E-38", "0.1", "0.2", "0.3", "1.00000005960464477539062500001", "1.000000059604644775390625",
            "9999999999", "0.0000000001", "1e10", "1e-10", "123456.789", "-0.000001", "00012.5000", "1.", ".5", "-.5",
            "NaN", "-NaN", "Infinity", "-Infinity", "+1.5", "0x1.8p1", "1f", "2d", " 1.5", "1.5 ", "1e+5", "1E-5",
            "2.2250738585072014E-308", "4.9e-324", "1e400", "1234567890123456789012345", "0.100000001490116119384765625"})
    void matchesTheJdkOnEdgeCases(String text) {
        assertFloatMatches(text);
        byte[] b = bytes(text);
        assertThat(Double.doubleToRawLongBits(AsciiNumbers.parseDouble(b, 0, b.length)))
                .as(text).isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "+", ".", "-.", "e5", "1e", "1e+", "1.2.3", "abc", "--1", "1-", "inf", "nan",
            "ünf", "1_000"})
    void rejectsWhatTheJdkRejects(String text) {
        byte[] b = bytes(text);
        assertThatThrownBy(() -> Float.parseFloat(text)).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> AsciiNumbers.parseFloat(b, 0, b.length)).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> AsciiNumbers.parseDouble(b, 0, b.length)).isInstanceOf(NumberFormatException.class);
        float[] dst = {42f};
        assertThat(AsciiNumbers.parseFloatField(b, 0, b.length, dst, 0)).isEqualTo(-1);
        assertThat(dst[0]).isEqualTo(42f);
    }

    @Test
    void parsesLongEdgeCasesAndRejectsOverflow() {
        for (String t : new String[]{"0", "-0", "999999999999999999", "-999999999999999999", "9223372036854775807",
                "-9223372036854775808", "+7", "007"}) {
            byte[] b = bytes(t);
            assertThat(AsciiNumbers.parseLong(b, 0, b.length)).as(t).isEqualTo(Long.parseLong(t));
        }
        for (String t : new String[]{"9223372036854775808", "", "-", "1.0", "1e3", "x"}) {
            byte[] b = bytes(t);
            assertThatThrownBy(() -> AsciiNumbers.parseLong(b, 0, b.length)).as(t).isInstanceOf(NumberFormatException.class);
        }
    }

    @Test
    void aFieldEndsAtTheCommaAndQuotesOrCarriageReturnsAreLeftToTheGeneralPath() {
        byte[] b = bytes("12.5,-3,x\"y\",4\r");
        float[] dst = new float[2];
        assertThat(AsciiNumbers.parseFloatField(b, 0, b.length, dst, 0)).isEqualTo(4);
        assertThat(AsciiNumbers.parseFloatField(b, 5, b.length, dst, 1)).isEqualTo(7);
        assertThat(dst).containsExactly(12.5f, -3f);
        assertThat(AsciiNumbers.fieldEnd(b, 8, b.length)).isEqualTo(-1);
        assertThat(AsciiNumbers.parseFloatField(b, 13, b.length, dst, 0)).isEqualTo(-1);
        assertThat(AsciiNumbers.parseFloatField(b, 13, b.length - 1, dst, 0)).isEqualTo(b.length - 1);
        assertThat(dst[0]).isEqualTo(4f);
        byte[] e = bytes("1e3,");
        assertThat(AsciiNumbers.parseFloatField(e, 0, e.length, dst, 1)).isEqualTo(3);
        assertThat(dst[1]).isEqualTo(1000f);
    }

    private static void assertFloatMatches(String text) {
        Float expected;
        try {
            expected = Float.parseFloat(text);
        } catch (NumberFormatException e) {
            expected = null;
        }
        byte[] b = bytes("x," + text + ",y");
        int from = 2;
        int to = b.length - 2;
        float[] field = {42f};
        int end = AsciiNumbers.parseFloatField(b, from, b.length, field, 0);
        if (expected == null) {
            assertThatThrownBy(() -> AsciiNumbers.parseFloat(b, from, to)).as(text).isInstanceOf(NumberFormatException.class);
            assertThat(end).as(text).isEqualTo(-1);
            return;
        }
        assertThat(Float.floatToRawIntBits(AsciiNumbers.parseFloat(b, from, to)))
                .as(text).isEqualTo(Float.floatToRawIntBits(expected));
        assertThat(end).as(text).isEqualTo(to);
        assertThat(Float.floatToRawIntBits(field[0])).as(text).isEqualTo(Float.floatToRawIntBits(expected));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
