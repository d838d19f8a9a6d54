package dev.mlops.serving;

import dev.mlops.serving.internal.HalfFloats;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Half-precision conversions agree with numpy (float16) and with the bfloat16 round-to-nearest-even rule. */
class HalfFloatsTest {

    @Test
    void floatToHalfMatchesNumpy() {
        // np.array([v], dtype=np.float16).view(np.uint16)
        assertThat(HalfFloats.floatToHalf(0.1f)).isEqualTo((short) 0x2e66);
        assertThat(HalfFloats.floatToHalf(65504f)).isEqualTo((short) 0x7bff);
        assertThat(HalfFloats.floatToHalf(65520f)).isEqualTo((short) 0x7c00);
        assertThat(HalfFloats.floatToHalf(1e-8f)).isEqualTo((short) 0x0000);
        assertThat(HalfFloats.floatToHalf(6e-8f)).isEqualTo((short) 0x0001);
        assertThat(HalfFloats.floatToHalf(-2.5f)).isEqualTo((short) 0xc100);
        assertThat(HalfFloats.floatToHalf(1f / 3)).isEqualTo((short) 0x3555);
        assertThat(Float.isNaN(HalfFloats.halfToFloat(HalfFloats.floatToHalf(Float.NaN)))).isTrue();
    }

    @Test
    void everyHalfValueSurvivesARoundTripThroughFloat() {
        for (int h = 0; h < 0x10000; h++) {
            float f = HalfFloats.halfToFloat((short) h);
            if (!Float.isNaN(f)) {
                assertThat(HalfFloats.floatToHalf(f)).as("half %04x", h).isEqualTo((short) h);
            }
        }
    }

    @Test
    void floatToBfloat16RoundsToNearestEven() {
        // float32 bits (np.array([v], np.float32).view(np.uint32)): 0.1 -> 0x3dcccccd, 1/3 -> 0x3eaaaaab,
        // -2.5 -> 0xc0200000, 3e38 -> 0x7f61b1e6; the upper 16 bits rounded to nearest even on the lower 16.
        assertThat(HalfFloats.floatToBfloat16(0.1f)).isEqualTo((short) 0x3dcd);
        assertThat(HalfFloats.floatToBfloat16(1f / 3)).isEqualTo((short) 0x3eab);
        assertThat(HalfFloats.floatToBfloat16(-2.5f)).isEqualTo((short) 0xc020);
        assertThat(HalfFloats.floatToBfloat16(3e38f)).isEqualTo((short) 0x7f62);
        for (int b = 0; b < 0x10000; b++) {
            float f = HalfFloats.bfloat16ToFloat((short) b);
            if (!Float.isNaN(f)) {
                assertThat(HalfFloats.floatToBfloat16(f)).isEqualTo((short) b);
            }
        }
    }
}
