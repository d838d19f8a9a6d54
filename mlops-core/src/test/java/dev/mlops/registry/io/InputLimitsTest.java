package dev.mlops.registry.io;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InputLimitsTest {
    /** An endless stream: reading it whole would never end or exhaust the heap. */
    static final class Endless extends InputStream {
        long served;

        @Override
        public int read() {
            served++;
            return 'x';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            java.util.Arrays.fill(b, off, off + len, (byte) '[');
            served += len;
            return len;
        }
    }

    @Test
    void anEndlessStreamIsCutOffJustPastTheLimit() {
        Endless in = new Endless();
        assertThatThrownBy(() -> InputLimits.readAtMost(in, 1_000_000, "the archive's manifest.json"))
                .isInstanceOf(InputTooLargeException.class)
                .hasMessageContaining("the archive's manifest.json").hasMessageContaining("at most 1000000 bytes")
                .extracting(e -> ((InputTooLargeException) e).limit()).isEqualTo(1_000_000L);
        assertThat(in.served).isEqualTo(1_000_001L);
    }

    @Test
    void inputUpToTheLimitIsReadWhole() throws IOException {
        byte[] data = "{\"a\":[1,2,3]}".getBytes();
        assertThat(InputLimits.readAtMost(new ByteArrayInputStream(data), data.length, "x")).isEqualTo(data);
        assertThat(InputLimits.readAtMost(new ByteArrayInputStream(new byte[0]), 0, "x")).isEmpty();
    }

    @Test
    void aDeclaredSizeOverTheLimitIsRefusedAndAnUnknownOnePasses() {
        assertThatThrownBy(() -> InputLimits.checkDeclaredSize(3L << 30, 64 << 20, "entry manifest.json"))
                .isInstanceOf(InputTooLargeException.class).hasMessageContaining("found 3221225472 bytes");
        InputLimits.checkDeclaredSize(-1, 10, "x");
        assertThatThrownBy(() -> InputLimits.readAtMost(new ByteArrayInputStream(new byte[1]), -1, "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("found -1");
    }

    @Test
    void aLimitedViewStopsAStreamingReaderJustPastTheLimit() throws IOException {
        Endless endless = new Endless();
        InputStream limited = InputLimits.limit(endless, 4096, "the request body");
        assertThatThrownBy(() -> limited.readAllBytes()).isInstanceOf(InputTooLargeException.class)
                .hasMessageContaining("the request body").hasMessageContaining("at most 4096 bytes");
        assertThat(endless.served).isEqualTo(4097L);
        assertThat(InputLimits.limit(new ByteArrayInputStream(new byte[4096]), 4096, "x").readAllBytes()).hasSize(4096);
    }
}
