package dev.mlops.registry.spi;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * Wraps a blob's raw stream and checks, as it is read, that the bytes hash to the expected digest and have the
 * expected length. On a mismatch it throws {@link CorruptedContentException} — as soon as more bytes than expected
 * arrive, or at the end of the stream — so a corrupted blob is never silently read to completion.
 * For implementers of {@link BlobStore#get}. Not thread-safe (like any stream).
 */
public final class VerifyingInputStream extends FilterInputStream {
    private final Digest expected;
    private final long expectedSize;
    private final String where;
    private final MessageDigest md = Digest.newMessageDigest();
    private long count;
    private boolean verified;

    /**
     * @param raw          the stored bytes
     * @param expected     the digest they must have
     * @param expectedSize their expected length, or -1 when unknown
     * @param where        a location for messages (never with credentials), e.g. a path
     */
    public VerifyingInputStream(InputStream raw, Digest expected, long expectedSize, String where) {
        super(Objects.requireNonNull(raw, "raw"));
        this.expected = Objects.requireNonNull(expected, "expected");
        this.expectedSize = expectedSize;
        this.where = where;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b < 0) {
            finish();
        } else {
            md.update((byte) b);
            advance(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = in.read(buf, off, len);
        if (n < 0) {
            finish();
        } else if (n > 0) {
            md.update(buf, off, n);
            advance(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // skipping must still hash, so read through a buffer
        byte[] buf = new byte[(int) Math.min(8192, Math.max(1, n))];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported by a verifying stream");
    }

    private void advance(int n) {
        count += n;
        if (expectedSize >= 0 && count > expectedSize) {
            throw new CorruptedContentException("Blob " + expected + " at " + where + " is corrupted: expected "
                    + expectedSize + " bytes, found more. Run the registry's verify() to find every damaged blob; to restore it, put the original content again (register the same file, or import an archive that carries it): the store replaces the damaged copy.");
        }
    }

    private void finish() {
        if (verified) {
            return;
        }
        if (expectedSize >= 0 && count != expectedSize) {
            throw new CorruptedContentException("Blob " + expected + " at " + where + " is corrupted: expected "
                    + expectedSize + " bytes, found " + count + ". Run the registry's verify() to find every damaged blob; to restore it, put the original content again (register the same file, or import an archive that carries it): the store replaces the damaged copy.");
        }
        Digest actual = Digest.ofBytes(md.digest());
        if (!actual.equals(expected)) {
            throw new CorruptedContentException("Blob " + expected + " at " + where + " is corrupted: its bytes hash to "
                    + actual + ". Run the registry's verify() to find every damaged blob; to restore it, put the original content again (register the same file, or import an archive that carries it): the store replaces the damaged copy.");
        }
        verified = true;
    }
}
