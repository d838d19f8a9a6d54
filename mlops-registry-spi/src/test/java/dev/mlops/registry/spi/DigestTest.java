package dev.mlops.registry.spi;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DigestTest {
    // FIPS 180-2 test vector: SHA-256("abc")
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void computesTheSha256OfContent() {
        Digest d = Digest.sha256("abc".getBytes(StandardCharsets.US_ASCII));
        assertThat(d.hex()).isEqualTo(ABC);
        assertThat(d).hasToString("sha256:" + ABC);
        assertThat(d.bytes()).hasSize(32).startsWith((byte) 0xba, (byte) 0x78);
    }

    @Test
    void parsesPrefixedBareAndUpperCaseFormsToTheSameDigest() {
        Digest prefixed = Digest.parse("sha256:" + ABC);
        assertThat(Digest.parse(ABC)).isEqualTo(prefixed);
        assertThat(Digest.parse(ABC.toUpperCase())).isEqualTo(prefixed).hasSameHashCodeAs(prefixed);
        assertThat(Digest.parse(ABC.toUpperCase()).hex()).isEqualTo(ABC);
        assertThat(Digest.ofBytes(prefixed.bytes())).isEqualTo(prefixed);
    }

    @Test
    void refusesWrongLengthsAndNonHexDigits() {
        assertThatIllegalArgumentException().isThrownBy(() -> Digest.parse(ABC.substring(1)))
                .withMessageContaining("found 63 characters");
        assertThatIllegalArgumentException().isThrownBy(() -> Digest.parse(ABC + "0"));
        assertThatIllegalArgumentException().isThrownBy(() -> Digest.parse("sha256:" + ABC.substring(0, 4) + "g" + ABC.substring(5)))
                .withMessageContaining("'g' at position 4");
        assertThatIllegalArgumentException().isThrownBy(() -> Digest.parse("md5:" + ABC));
        assertThatIllegalArgumentException().isThrownBy(() -> Digest.parse(""));
        assertThatIllegalArgumentException().isThrownBy(() -> Digest.ofBytes(new byte[31]));
    }

    @Test
    void ordersByHex() {
        Digest low = Digest.parse("0".repeat(64));
        Digest high = Digest.parse("f".repeat(64));
        assertThat(low).isLessThan(high);
        assertThat(Digest.parse(ABC)).isBetween(low, high);
    }
}
