package dev.mlops.serving.internal;

/** Conversions between float and the 16-bit float formats (IEEE half, bfloat16), rounding to nearest even. Stateless. */
public final class HalfFloats {
    private HalfFloats() {
    }

    /** The float value of IEEE half-precision bits. */
    public static float halfToFloat(short bits) {
        int h = bits & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            if (mant == 0) {
                return Float.intBitsToFloat(sign);
            }
            // subnormal half: mant * 2^-24
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /** IEEE half-precision bits of {@code value}, rounded to nearest even; overflow gives infinity, NaN stays NaN. */
    public static short floatToHalf(float value) {
        int f = Float.floatToRawIntBits(value);
        int sign = (f >>> 16) & 0x8000;
        int exp = (f >>> 23) & 0xff;
        int mant = f & 0x7fffff;
        if (exp == 0xff) {
            return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 | (mant >>> 13) : 0));
        }
        int e = exp - 127 + 15;
        if (e >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (e <= 0) {
            if (e < -10) {
                return (short) sign;
            }
            int m = mant | 0x800000;
            int shift = 14 - e;
            int half = m >>> shift;
            int rem = m & ((1 << shift) - 1);
            int mid = 1 << (shift - 1);
            if (rem > mid || (rem == mid && (half & 1) != 0)) {
                half++;
            }
            return (short) (sign | half);
        }
        int half = (e << 10) | (mant >>> 13);
        int rem = mant & 0x1fff;
        if (rem > 0x1000 || (rem == 0x1000 && (half & 1) != 0)) {
            half++; // may carry into the exponent, which is the correct rounding (up to infinity)
        }
        return (short) (sign | half);
    }

    /** The float value of bfloat16 bits. */
    public static float bfloat16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }

    /** bfloat16 bits of {@code value}, rounded to nearest even; NaN stays NaN. */
    public static short floatToBfloat16(float value) {
        int f = Float.floatToRawIntBits(value);
        if ((f & 0x7fffffff) > 0x7f800000) {
            return (short) ((f >>> 16) | 0x40);
        }
        int rounding = 0x7fff + ((f >>> 16) & 1);
        return (short) ((f + rounding) >>> 16);
    }
}
