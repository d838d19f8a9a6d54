package dev.mlops.serving.internal;

import java.nio.charset.StandardCharsets;

/**
 * Parses decimal numbers straight from the UTF-8 bytes of a text field, with results exactly equal to
 * {@link Float#parseFloat}, {@link Double#parseDouble} and {@link Long#parseLong} of the same text. Stateless and
 * thread-safe.
 *
 * <p>The fast path reads {@code [-]digits[.digits][(e|E)[+|-]digits]} into a decimal significand {@code m} and exponent
 * {@code q} (value {@code m × 10^q}) with no allocation. When {@code m} and {@code 10^|q|} are both exactly representable
 * in the target type (float: {@code m ≤ 2^24}, {@code |q| ≤ 10}; double: {@code m ≤ 2^53}, {@code |q| ≤ 22}), a single
 * IEEE multiplication or division in that type is correctly rounded, so it equals the JDK's correctly rounded parse
 * (Clinger's fast path; float is computed in float arithmetic, never through double, which could round twice). Anything
 * else (more significant digits, large exponents, a leading {@code +}, whitespace, {@code NaN}, {@code Infinity}, hex,
 * type suffixes, non-ASCII) is handed to the JDK parser on a {@code String}, which also throws
 * {@link NumberFormatException} for text that is not a number.
 */
public final class AsciiNumbers {
    private static final float[] FLOAT_POW10 = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f};
    private static final double[] DOUBLE_POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
            1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    private static final long FLOAT_EXACT = 1L << 24;
    private static final long DOUBLE_EXACT = 1L << 53;
    /** Returned by {@link #decimal} for text the fast path does not take. */
    private static final long NOT_SIMPLE = Long.MIN_VALUE;

    private AsciiNumbers() {
    }

    /**
     * {@code Float.parseFloat} of the UTF-8 text {@code b[from, to)}.
     *
     * @throws NumberFormatException if the text is not a number Java accepts
     */
    public static float parseFloat(byte[] b, int from, int to) {
        long packed = decimal(b, from, to);
        if (packed != NOT_SIMPLE) {
            long m = significand(packed);
            int q = exponent(packed);
            if (m == 0) {
                return negative(packed) ? -0f : 0f;
            }
            while (m > FLOAT_EXACT && m % 10 == 0) {
                m /= 10;
                q++;
            }
            if (m <= FLOAT_EXACT && q >= -10 && q <= 10) {
                float f = (float) m;
                f = q < 0 ? f / FLOAT_POW10[-q] : f * FLOAT_POW10[q];
                return negative(packed) ? -f : f;
            }
        }
        return Float.parseFloat(text(b, from, to));
    }

    /**
     * {@code Double.parseDouble} of the UTF-8 text {@code b[from, to)}.
     *
     * @throws NumberFormatException if the text is not a number Java accepts
     */
    public static double parseDouble(byte[] b, int from, int to) {
        long packed = decimal(b, from, to);
        if (packed != NOT_SIMPLE) {
            long m = significand(packed);
            int q = exponent(packed);
            if (m == 0) {
                return negative(packed) ? -0d : 0d;
            }
            while (m > DOUBLE_EXACT && m % 10 == 0) {
                m /= 10;
                q++;
            }
            if (m <= DOUBLE_EXACT && q >= -22 && q <= 22) {
                double d = (double) m;
                d = q < 0 ? d / DOUBLE_POW10[-q] : d * DOUBLE_POW10[q];
                return negative(packed) ? -d : d;
            }
        }
        return Double.parseDouble(text(b, from, to));
    }

    /**
     * {@code Long.parseLong} of the UTF-8 text {@code b[from, to)}: an optional sign and decimal digits.
     *
     * @throws NumberFormatException if the text is not a {@code long}
     */
    public static long parseLong(byte[] b, int from, int to) {
        int i = from;
        boolean neg = i < to && b[i] == '-';
        if (neg) {
            i++;
        }
        if (i < to && to - i <= 18) {
            long v = 0;
            for (; i < to; i++) {
                int d = b[i] - '0';
                if (d < 0 || d > 9) {
                    return Long.parseLong(text(b, from, to));
                }
                v = v * 10 + d;
            }
            return neg ? -v : v;
        }
        return Long.parseLong(text(b, from, to));
    }

    /**
     * Parses the CSV field that starts at {@code b[from]} and ends at the next {@code ,} or at {@code limit} as
     * {@link #parseFloat} does, stores it in {@code dst[index]} and returns where the field ends (the index of the comma
     * or {@code limit}); returns -1, storing nothing, if the field is not a number Java accepts or holds a double
     * quote or {@code \r} (the caller then takes its general path). One pass over the bytes in the usual case.
     */
    public static int parseFloatField(byte[] b, int from, int limit, float[] dst, int index) {
        return parseFloatField(b, from, limit, dst, index, false);
    }

    /**
     * {@link #parseFloatField}, except that a field spelling NaN ({@code NaN}, {@code -NaN} …) returns -1 too: in CSV
     * it may be a missing value, which the caller's general path decides.
     */
    public static int parseFloatFieldExceptNaN(byte[] b, int from, int limit, float[] dst, int index) {
        return parseFloatField(b, from, limit, dst, index, true);
    }

    private static int parseFloatField(byte[] b, int from, int limit, float[] dst, int index, boolean exceptNaN) {
        int i = from;
        boolean neg = false;
        if (i < limit && b[i] == '-') {
            neg = true;
            i++;
        }
        long m = 0;
        int start = i;
        int d;
        while (i < limit && (d = b[i] - '0') >= 0 && d <= 9) {
            m = m * 10 + d;
            i++;
        }
        int digits = i - start;
        int q = 0;
        if (i < limit && b[i] == '.') {
            i++;
            int fracStart = i;
            while (i < limit && (d = b[i] - '0') >= 0 && d <= 9) {
                m = m * 10 + d;
                i++;
            }
            q = fracStart - i;
            digits -= q;
        }
        if ((i == limit || b[i] == ',') && digits > 0 && digits <= 18 && m <= FLOAT_EXACT && q >= -10) {
            float f = (float) m;
            f = f / FLOAT_POW10[-q];
            dst[index] = neg ? -f : f;
            return i;
        }
        return parseFloatFieldInGeneral(b, from, i, limit, dst, index, exceptNaN);
    }

    /** The rest of {@link #parseFloatField} (kept apart so that the common path stays small enough to inline). */
    private static int parseFloatFieldInGeneral(byte[] b, int from, int i, int limit, float[] dst, int index,
                                                boolean exceptNaN) {
        int end = i;
        while (end < limit && b[end] != ',') {
            if (b[end] == '"' || b[end] == '\r') {
                return -1;
            }
            end++;
        }
        try {
            float v = parseFloat(b, from, end);
            if (exceptNaN && Float.isNaN(v)) {
                return -1;
            }
            dst[index] = v;
            return end;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * The end of the CSV field starting at {@code b[from]}: the index of the next comma or {@code limit}; -1 if the
     * field holds a double quote or {@code \r}.
     */
    public static int fieldEnd(byte[] b, int from, int limit) {
        for (int i = from; i < limit; i++) {
            byte ch = b[i];
            if (ch == ',') {
                return i;
            }
            if (ch == '"' || ch == '\r') {
                return -1;
            }
        }
        return limit;
    }

    /** The UTF-8 text of {@code b[from, to)}. */
    public static String text(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.UTF_8);
    }

    // A simple decimal packed in a long: bit 63 clear; bit 62 the sign; bits 61..16 the significand (at most
    // 2^46 - 1, larger ones are not simple); bits 15..0 the exponent + 2^15. NOT_SIMPLE otherwise.
    private static final long MAX_SIGNIFICAND = (1L << 46) - 1;

    private static boolean negative(long packed) {
        return (packed & (1L << 62)) != 0;
    }

    private static long significand(long packed) {
        return (packed >>> 16) & MAX_SIGNIFICAND;
    }

    private static int exponent(long packed) {
        return (int) (packed & 0xFFFF) - (1 << 15);
    }

    private static long decimal(byte[] b, int from, int to) {
        int i = from;
        boolean neg = false;
        if (i < to && b[i] == '-') {
            neg = true;
            i++;
        }
        long m = 0;
        int q = 0;
        boolean anyDigit = false;
        for (; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            anyDigit = true;
            if (m > MAX_SIGNIFICAND / 10) {
                return NOT_SIMPLE;
            }
            m = m * 10 + d;
        }
        if (i < to && b[i] == '.') {
            i++;
            for (; i < to; i++) {
                int d = b[i] - '0';
                if (d < 0 || d > 9) {
                    break;
                }
                anyDigit = true;
                if (m > MAX_SIGNIFICAND / 10) {
                    return NOT_SIMPLE;
                }
                m = m * 10 + d;
                q--;
            }
        }
        if (!anyDigit) {
            return NOT_SIMPLE;
        }
        if (i < to && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            boolean expNeg = false;
            if (i < to && (b[i] == '-' || b[i] == '+')) {
                expNeg = b[i] == '-';
                i++;
            }
            int e = 0;
            int start = i;
            for (; i < to; i++) {
                int d = b[i] - '0';
                if (d < 0 || d > 9 || e > 1000) {
                    return NOT_SIMPLE;
                }
                e = e * 10 + d;
            }
            if (i == start) {
                return NOT_SIMPLE;
            }
            q += expNeg ? -e : e;
        }
        if (i != to || q < -5000 || q > 5000) {
            return NOT_SIMPLE;
        }
        return (neg ? 1L << 62 : 0) | (m << 16) | (q + (1 << 15));
    }
}
