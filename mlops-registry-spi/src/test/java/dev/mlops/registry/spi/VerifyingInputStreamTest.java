package dev.mlops.registry.spi;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerifyingInputStreamTest {
    private static final byte[] CONTENT = "the quick brown fox".getBytes(StandardCharsets.US_ASCII);
    private static final Digest DIGEST = Digest.sha256(CONTENT);

    private static InputStream verifying(byte[] raw, long expectedSize) {
        return new VerifyingInputStream(new ByteArrayInputStream(raw), DIGEST, expectedSize, "test/blob");
    }

    @Test
    void passesMatchingBytesThrough() throws IOException {
        assertThat(verifying(CONTENT, CONTENT.length).readAllBytes()).isEqualTo(CONTENT);
        assertThat(verifying(CONTENT, -1).readAllBytes()).isEqualTo(CONTENT);
    }

    @Test
    void passesMatchingBytesReadOneByOne() throws IOException {
        InputStream in = verifying(CONTENT, CONTENT.length);
        int n = 0;
        while (in.read() >= 0) {
            n++;
        }
        assertThat(n).isEqualTo(CONTENT.length);
        assertThat(in.read()).isEqualTo(-1); // reading past the end again stays quiet
    }

    @Test
    void detectsWrongBytesOfTheRightLengthAtTheEnd() {
        byte[] damaged = CONTENT.clone();
        damaged[3] ^= 0x20;
        assertThatThrownBy(() -> verifying(damaged, CONTENT.length).readAllBytes())
                .isInstanceOf(CorruptedContentException.class)
                .hasMessageContaining(DIGEST.toString())
                .hasMessageContaining("hash to " + Digest.sha256(damaged))
                .hasMessageContaining("test/blob");
    }

    @Test
    void detectsTooFewBytes() {
        byte[] shorter = java.util.Arrays.copyOf(CONTENT, CONTENT.length - 1);
        assertThatThrownBy(() -> verifying(shorter, CONTENT.length).readAllBytes())
                .isInstanceOf(CorruptedContentException.class)
                .hasMessageContaining("expected " + CONTENT.length + " bytes, found " + (CONTENT.length - 1));
    }

    @Test
    void detectsTooManyBytesAsSoonAsTheyArrive() throws IOException {
        byte[] longer = java.util.Arrays.copyOf(CONTENT, CONTENT.length + 1000);
        InputStream in = verifying(longer, CONTENT.length);
        byte[] buf = new byte[CONTENT.length];
        assertThat(in.readNBytes(buf, 0, buf.length)).isEqualTo(CONTENT.length);
        assertThatThrownBy(() -> in.read(new byte[10])).isInstanceOf(CorruptedContentException.class)
                .hasMessageContaining("found more");
    }

    @Test
    void detectsWrongBytesWhenTheLengthIsUnknown() {
        assertThatThrownBy(() -> verifying("other".getBytes(StandardCharsets.US_ASCII), -1).readAllBytes())
                .isInstanceOf(CorruptedContentException.class);
    }

    @Test
    void skippingStillVerifies() throws IOException {
        InputStream good = verifying(CONTENT, CONTENT.length);
        assertThat(good.skip(5)).isEqualTo(5);
        assertThat(good.readAllBytes()).hasSize(CONTENT.length - 5);
        byte[] damaged = CONTENT.clone();
        damaged[0] ^= 1;
        InputStream bad = verifying(damaged, CONTENT.length);
        bad.skip(3);
        assertThatThrownBy(bad::readAllBytes).isInstanceOf(CorruptedContentException.class);
        assertThat(bad.markSupported()).isFalse();
    }
}
