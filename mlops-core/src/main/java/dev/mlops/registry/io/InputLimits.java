package dev.mlops.registry.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Reads untrusted input with a cap on its size, failing with {@link InputTooLargeException} before more than the cap
 * is held in memory: buffers grow with the bytes actually read, never with a size the input declares.
 *
 * <pre>{@code
 * byte[] body = InputLimits.readAtMost(request.getInputStream(), 16 << 20, "the predict request body");
 * }</pre>
 * Stateless and thread-safe.
 */
public final class InputLimits {
    private InputLimits() {
    }

    /**
     * Reads {@code in} to its end (not closed) and returns its bytes.
     *
     * @param maxBytes the most bytes accepted, at least 0
     * @param what     names the input in the error message, e.g. "the archive's manifest.json"
     * @throws InputTooLargeException when {@code in} holds more than {@code maxBytes} bytes (at most
     *                                {@code maxBytes + 1} were read)
     */
    public static byte[] readAtMost(InputStream in, long maxBytes, String what) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(what, "what");
        if (maxBytes < 0 || maxBytes > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("Expected maxBytes between 0 and " + (Integer.MAX_VALUE - 16)
                    + ", found " + maxBytes);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(maxBytes + 1, 8192));
        byte[] buf = new byte[8192];
        long total = 0;
        while (true) {
            int want = (int) Math.min(buf.length, maxBytes + 1 - total);
            int n = in.read(buf, 0, want);
            if (n < 0) {
                return out.toByteArray();
            }
            out.write(buf, 0, n);
            total += n;
            if (total > maxBytes) {
                throw tooLarge(what, maxBytes, -1);
            }
        }
    }

    /**
     * A view of {@code in} that fails with {@link InputTooLargeException} as soon as more than {@code maxBytes} bytes
     * are read through it, for streaming parsers (JSON, CSV) that should never hold more than a bounded input.
     * Closing it does not close {@code in}.
     */
    public static InputStream limit(InputStream in, long maxBytes, String what) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(what, "what");
        if (maxBytes < 0) {
            throw new IllegalArgumentException("Expected maxBytes >= 0, found " + maxBytes);
        }
        return new java.io.FilterInputStream(in) {
            private long count;

            @Override
            public int read() throws IOException {
                int b = in.read();
                if (b >= 0) {
                    count(1);
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = in.read(b, off, (int) Math.min(len, maxBytes + 1 - count));
                if (n > 0) {
                    count(n);
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long k = in.skip(Math.min(n, maxBytes + 1 - count));
                count(k);
                return k;
            }

            private void count(long n) {
                count += n;
                if (count > maxBytes) {
                    throw tooLarge(what, maxBytes, -1);
                }
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * Checks a size that untrusted input declares (a length prefix, a zip entry's size, a Content-Length) before
     * anything is allocated for it; a negative size means "unknown" and passes.
     *
     * @throws InputTooLargeException when {@code declaredBytes} exceeds {@code maxBytes}
     */
    public static void checkDeclaredSize(long declaredBytes, long maxBytes, String what) {
        if (declaredBytes > maxBytes) {
            throw tooLarge(what, maxBytes, declaredBytes);
        }
    }

    private static InputTooLargeException tooLarge(String what, long maxBytes, long found) {
        return new InputTooLargeException("Expected " + what + " to be at most " + maxBytes + " bytes, found "
                + (found >= 0 ? found + " bytes" : "more") + "; it was refused before being read into memory. "
                + "Check that the input is what you meant; a larger limit is a setting of the caller.", maxBytes);
    }
}
