package dev.mlops.serving;

import dev.mlops.serving.routing.StableHash;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The sticky hash is MurmurHash3 x86 32 with seed 0, as other implementations compute it. */
class StableHashTest {
    private static int h(String s) {
        return StableHash.murmur3(s.getBytes(StandardCharsets.UTF_8), 0);
    }

    @Test
    void murmur3MatchesAnIndependentImplementation() {
        // Guava 33.5: Hashing.murmur3_32_fixed().hashBytes(s.getBytes(UTF_8)).asInt()
        assertThat(h("")).isEqualTo(0);
        assertThat(h("hello")).isEqualTo(0x248bfa47);
        assertThat(h("The quick brown fox jumps over the lazy dog")).isEqualTo(0x2e4ff723);
        assertThat(h("fraud-ab\u0000user-1")).isEqualTo(0x552e4cfa);
        assertThat(h("fraud-ab\u0000東京")).isEqualTo(0x9baa492b);
    }

    @Test
    void theUnitPointIsTheUnsignedHashOverTwoToThe32() {
        // (h & 0xffffffffL) / 2^32 with h from Guava as above
        assertThat(StableHash.unitPoint("fraud-ab", "user-1")).isEqualTo(0.33273774245753884);
        assertThat(StableHash.unitPoint("fraud-ab", "user-2")).isEqualTo(0.21848052134737372);
        assertThat(StableHash.unitPoint("fraud-ab", "user-3")).isEqualTo(0.4717439350206405);
        assertThat(StableHash.unitPoint("fraud-ab", "東京")).isEqualTo(0.6080671052914113);
    }
}
