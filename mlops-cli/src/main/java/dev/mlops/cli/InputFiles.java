package dev.mlops.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Checks of the files a command is given, before it starts, so that each problem is one sentence naming the option,
 * the file, what was expected and what to do. Stateless and thread-safe.
 */
final class InputFiles {
    /** How much of a file is sniffed for binary content. */
    private static final int SNIFF = 64 * 1024;

    private InputFiles() {
    }

    /** {@code file} exists, is a regular readable file, and its first bytes are UTF-8 text (not a binary file). */
    static void requireTextFile(String option, Path file, String expected) {
        requireReadableFile(option, file, expected);
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(SNIFF);
        } catch (IOException e) {
            throw new IllegalArgumentException(option + " " + file + " cannot be read (" + e.getMessage() + "); expected "
                    + expected);
        }
        if (!isText(head)) {
            throw new IllegalArgumentException(option + " " + file + " is not UTF-8 text (a binary file?); expected "
                    + expected);
        }
    }

    /** {@code file} exists and is a regular readable file. */
    static void requireReadableFile(String option, Path file, String expected) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(option + " " + file + " is a directory; expected " + expected);
        }
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(option + " " + file + " not found (no such file); expected " + expected);
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(option + " " + file + " is not readable (permission denied); check its"
                    + " permissions");
        }
    }

    /**
     * {@code out} can be written as a new or replaced file: not a directory, and its directory exists.
     */
    static void requireWritableTarget(String option, Path out) {
        if (Files.isDirectory(out)) {
            throw new IllegalArgumentException(option + " " + out + " is a directory; name the file to write inside it,"
                    + " e.g. " + option + " " + out.resolve("scored.csv"));
        }
        Path dir = out.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("the directory of " + option + " " + out + " does not exist; create it"
                    + " (mkdir -p " + dir + ") or choose another " + option);
        }
    }

    /**
     * Whether {@code a} and {@code b} are the same file: the same real path (symbolic links resolved) or the same file
     * key (hard links). A {@code b} that does not exist is never the same.
     */
    static boolean sameFile(Path a, Path b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (!Files.exists(b)) {
            return false;
        }
        try {
            if (a.toRealPath().equals(b.toRealPath()) || Files.isSameFile(a, b)) {
                return true;
            }
            Object ka = Files.readAttributes(a, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            Object kb = Files.readAttributes(b, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            return ka != null && ka.equals(kb);
        } catch (IOException e) {
            return false;
        }
    }

    /** No NUL byte and valid UTF-8 (a multi-byte character cut at the end of the sample is fine). */
    static boolean isText(byte[] head) {
        for (byte b : head) {
            if (b == 0) {
                return false;
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int end = head.length;
        // drop an incomplete trailing character (at most 3 bytes of a 4-byte sequence)
        for (int k = 1; k <= 3 && end - k >= 0; k++) {
            int b = head[end - k] & 0xff;
            if (b >= 0xc0) {
                int len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
                if (len > k) {
                    end -= k;
                }
                break;
            }
            if (b < 0x80) {
                break;
            }
        }
        try {
            decoder.decode(ByteBuffer.wrap(head, 0, end));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
