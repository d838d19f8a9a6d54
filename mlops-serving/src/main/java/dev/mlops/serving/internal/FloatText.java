package dev.mlops.serving.internal;

import java.math.BigInteger;

/**
 * Writes a float as ASCII text into a byte array: the shortest decimal that {@link Float#parseFloat} reads back to
 * the same float (the closest one when several are shortest), laid out as {@link Float#toString(float)} lays it out
 * (plain for magnitudes in [10^-3, 10^7), else {@code d.dddE±n}; at least one digit after the point; {@code NaN},
 * {@code Infinity}, {@code -0.0}). JDK 17's {@code Float.toString} is not always shortest and is slow (a few times
 * slower than this); this text is never longer. Stateless and thread-safe.
 *
 * <p>The digits come from the Schubfach algorithm (R. Giulietti, "The Schubfach way to render doubles", 2020): scale
 * the rounding interval of the float by a 63-bit over-approximation of a power of ten, rounding to odd, and pick among
 * the at most two candidates of each of two adjacent lengths. The power-of-ten table and the floor-log tables are
 * computed exactly with {@link BigInteger} when the class loads.
 */
public final class FloatText {
    /** Room {@link #write} needs: at most 9 digits, sign, point, {@code E-nn} (e.g. {@code -1.2345678E-38}, 14 bytes). */
    public static final int MAX_LENGTH = 16;

    private static final int Q_MIN = -149;
    private static final int Q_MAX = 104;
    private static final int C_MIN = 1 << 23;
    private static final int C_TINY = 8;
    private static final int K_MIN = -50;
    private static final int K_MAX = 50;
    /** floor(log10(2^q)) and floor(log10(3/4 × 2^q)) for q in [Q_MIN, Q_MAX]. */
    private static final int[] FLOG10_POW2 = new int[Q_MAX - Q_MIN + 1];
    private static final int[] FLOG10_THREE_QUARTERS_POW2 = new int[Q_MAX - Q_MIN + 1];
    /** floor(log2(10^-k)) and floor(10^-k × 2^(62 - r)) + 1 for k in [K_MIN, K_MAX]. */
    private static final int[] FLOG2_POW10_NEG = new int[K_MAX - K_MIN + 1];
    private static final long[] G = new long[K_MAX - K_MIN + 1];

    static {
        for (int q = Q_MIN; q <= Q_MAX; q++) {
            FLOG10_POW2[q - Q_MIN] = floorLog10(BigInteger.ONE, q);
            FLOG10_THREE_QUARTERS_POW2[q - Q_MIN] = floorLog10(BigInteger.valueOf(3), q - 2);
        }
        for (int k = K_MIN; k <= K_MAX; k++) {
            int r;
            BigInteger g;
            if (k <= 0) {
                BigInteger p = BigInteger.TEN.pow(-k);
                r = p.bitLength() - 1;
                g = 62 - r >= 0 ? p.shiftLeft(62 - r) : p.shiftRight(r - 62);
            } else {
                BigInteger p = BigInteger.TEN.pow(k);
                r = -p.bitLength(); // 10^k is not a power of two, so ceil(log2(10^k)) is its bit length
                g = BigInteger.ONE.shiftLeft(62 - r).divide(p);
            }
            FLOG2_POW10_NEG[k - K_MIN] = r;
            G[k - K_MIN] = g.longValueExact() + 1;
        }
    }

    /** floor(log10(a × 2^e)) for a positive integer a that is not a power of ten times a power of two. */
    private static int floorLog10(BigInteger a, int e) {
        if (e >= 0) {
            return a.shiftLeft(e).toString().length() - 1;
        }
        // a × 2^e = a × 5^-e / 10^-e
        return a.multiply(BigInteger.valueOf(5).pow(-e)).toString().length() - 1 + e;
    }

    private FloatText() {
    }

    /** Writes {@code f} at {@code b[at]} (at least {@link #MAX_LENGTH} bytes of room); returns the index after it. */
    public static int write(float f, byte[] b, int at) {
        int bits = Float.floatToRawIntBits(f);
        int t = bits & 0x7FFFFF;
        int bq = (bits >>> 23) & 0xFF;
        if (bq == 0xFF) {
            return ascii(t != 0 ? "NaN" : bits < 0 ? "-Infinity" : "Infinity", b, at);
        }
        if (bits < 0) {
            b[at++] = '-';
        }
        if (bq == 0 && t == 0) {
            return ascii("0.0", b, at);
        }
        long decimal;
        if (bq != 0) {
            int mq = -Q_MIN + 1 - bq;
            int c = C_MIN | t;
            if (0 < mq && mq < 24) {
                int integer = c >> mq;
                if (integer << mq == c) {
                    return layout(integer, 0, b, at); // an integer below 2^24: all its digits are needed
                }
            }
            decimal = toDecimal(-mq, c, 0);
        } else {
            decimal = t < C_TINY ? toDecimal(Q_MIN, 10 * t, -1) : toDecimal(Q_MIN, t, 0);
        }
        return layout((int) (decimal >> 32), (int) decimal, b, at);
    }

    /** The shortest decimal in the rounding interval of c × 2^q, as digits << 32 | exponent (its value is digits × 10^exponent). */
    private static long toDecimal(int q, int c, int dk) {
        int out = c & 1;
        long cb = (long) c << 2;
        long cbr = cb + 2;
        long cbl;
        int k;
        if (c != C_MIN || q == Q_MIN) {
            cbl = cb - 2;
            k = FLOG10_POW2[q - Q_MIN];
        } else {
            cbl = cb - 1;
            k = FLOG10_THREE_QUARTERS_POW2[q - Q_MIN];
        }
        int h = q + FLOG2_POW10_NEG[k - K_MIN] + 33;
        long g = G[k - K_MIN];
        int vb = roundToOdd(g, cb << h);
        int vbl = roundToOdd(g, cbl << h);
        int vbr = roundToOdd(g, cbr << h);
        int s = vb >> 2;
        if (s >= 100) {
            int sp10 = s / 10 * 10;
            int tp10 = sp10 + 10;
            boolean upin = vbl + out <= sp10 << 2;
            boolean wpin = (tp10 << 2) + out <= vbr;
            if (upin != wpin) {
                return pack(upin ? sp10 : tp10, k + dk);
            }
        }
        int t = s + 1;
        boolean uin = vbl + out <= s << 2;
        boolean win = (t << 2) + out <= vbr;
        if (uin != win) {
            return pack(uin ? s : t, k + dk);
        }
        int cmp = vb - ((s + t) << 1);
        return pack(cmp < 0 || cmp == 0 && (s & 1) == 0 ? s : t, k + dk);
    }

    private static long pack(int digits, int exponent) {
        return (long) digits << 32 | (exponent & 0xFFFFFFFFL);
    }

    /** The high bits of g × cp, shifted to drop 31 fraction bits, rounded to odd (sticky) on what was dropped. */
    private static int roundToOdd(long g, long cp) {
        long x1 = Math.multiplyHigh(g, cp);
        long vbp = x1 >>> 31;
        return (int) (vbp | ((x1 & 0xFFFFFFFFL) + 0xFFFFFFFFL) >>> 32);
    }

    /** Lays out digits × 10^e as Float.toString does. */
    private static int layout(int digits, int e, byte[] b, int at) {
        while (digits % 10 == 0) {
            digits /= 10;
            e++;
        }
        int len = digitCount(digits);
        int lead = e + len - 1; // the power of ten of the first digit
        if (lead >= -3 && lead < 7) {
            if (lead >= 0) {
                if (len <= lead + 1) {
                    writeDigits(digits, len, b, at, -1);
                    at += len;
                    for (int z = len; z <= lead; z++) {
                        b[at++] = '0';
                    }
                    b[at++] = '.';
                    b[at++] = '0';
                    return at;
                }
                writeDigits(digits, len, b, at, lead);
                b[at + lead + 1] = '.';
                return at + len + 1;
            }
            b[at++] = '0';
            b[at++] = '.';
            for (int z = -1; z > lead; z--) {
                b[at++] = '0';
            }
            writeDigits(digits, len, b, at, -1);
            return at + len;
        }
        writeDigits(digits, len, b, at, 0);
        b[at + 1] = '.';
        if (len == 1) {
            b[at + 2] = '0';
            at += 3;
        } else {
            at += len + 1;
        }
        b[at++] = 'E';
        if (lead < 0) {
            b[at++] = '-';
            lead = -lead;
        }
        if (lead >= 10) {
            b[at++] = (byte) ('0' + lead / 10);
        }
        b[at++] = (byte) ('0' + lead % 10);
        return at;
    }

    /** "00" … "99": two digits per division when writing. */
    private static final byte[] PAIRS = new byte[200];

    static {
        for (int i = 0; i < 100; i++) {
            PAIRS[2 * i] = (byte) ('0' + i / 10);
            PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    /** Writes the {@code len} digits of {@code v} from {@code b[at]}, leaving one byte free after digit {@code pointAfter} (-1: none). */
    private static void writeDigits(int v, int len, byte[] b, int at, int pointAfter) {
        int p = at + len - 1;
        while (v >= 10) {
            int q = v / 100;
            int pair = (v - q * 100) << 1;
            b[p] = PAIRS[pair + 1];
            b[p - 1] = PAIRS[pair];
            p -= 2;
            v = q;
        }
        if (p == at) {
            b[p] = (byte) ('0' + v);
        }
        if (pointAfter >= 0) {
            for (int k = at + len - 1; k > at + pointAfter; k--) {
                b[k + 1] = b[k]; // make room for the point after digit pointAfter
            }
        }
    }

    private static final int[] POW10 = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000};

    private static int digitCount(int v) {
        int n = 1;
        while (n < 10 && v >= POW10[n]) {
            n++;
        }
        return n;
    }

    private static int ascii(String s, byte[] b, int at) {
        for (int i = 0; i < s.length(); i++) {
            b[at++] = (byte) s.charAt(i);
        }
        return at;
    }
}
