package dev.mlops.registry.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Writes an output file all or nothing: the content goes to a temporary file beside the target (same directory, so
 * the same file system), is forced to disk, and is renamed over the target only when the writer returned normally.
 * When the writer throws, or the process dies, the previous file at the target is untouched and the temporary file
 * is removed (or, after a crash, left under a hidden {@code .<name>.*.part} name that no reader looks for).
 *
 * <pre>{@code
 * AtomicOutput.write(Path.of("report.json"), out -> out.write(json));
 * }</pre>
 * Every output file the SDK writes (exports, checkouts, score output, reports) goes through here.
 * Stateless and thread-safe; two concurrent writers of one target each write their own temporary file and the last
 * rename wins, whole.
 */
public final class AtomicOutput {
    /** Writes the content of one output file. */
    @FunctionalInterface
    public interface Writer {
        /** Writes the whole content to {@code out} (not to be closed by the writer). */
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicOutput() {
    }

    /**
     * Writes {@code target} with what {@code writer} writes, replacing any previous file only on success.
     * The parent directory is created if needed.
     *
     * @throws UncheckedIOException when writing or renaming fails (the target is then as it was)
     * @throws RuntimeException     whatever {@code writer} throws, unchanged (the target is then as it was)
     */
    public static void write(Path target, Writer writer) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(writer, "writer");
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".part");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                 OutputStream out = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch), 64 * 1024)) {
                writer.writeTo(new NonClosing(out));
                out.flush();
                ch.force(true);
            }
            move(tmp, abs);
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + target + ": " + e.getMessage()
                    + ". Any previous file there is unchanged.", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: a hidden .part file is all that remains
                }
            }
        }
    }

    /** Writes {@code bytes} to {@code target} all or nothing (see {@link #write(Path, Writer)}). */
    public static void write(Path target, byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        write(target, out -> out.write(bytes));
    }

    /** Renames {@code source} over {@code target} atomically where the file system can, else replacing it. */
    static void move(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Keeps a writer from closing the stream before the content is forced to disk. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
