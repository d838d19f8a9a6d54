package dev.mlops.registry.spi;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A SHA-256 content digest: the key of every blob. Written as {@code sha256:<64 lower-case hex digits>}.
 * Immutable and thread-safe.
 */
public final class Digest implements Comparable<Digest> {
    /** The prefix of the text form. */
    public static final String PREFIX = "sha256:";
    private static final HexFormat HEX = HexFormat.of();

    private final String hex;

    private Digest(String hex) {
        this.hex = hex;
    }

    /**
     * Parses {@code sha256:<hex>} or bare hex (64 lower- or upper-case hex digits).
     *
     * @throws IllegalArgumentException when the text is not a SHA-256 digest
     */
    public static Digest parse(String text) {
        Objects.requireNonNull(text, "digest text");
        String h = text.startsWith(PREFIX) ? text.substring(PREFIX.length()) : text;
        if (h.length() != 64) {
            throw new IllegalArgumentException("Expected a SHA-256 digest (64 hex digits, optionally prefixed 'sha256:'), "
                    + "found " + h.length() + " characters: '" + abbreviate(text) + "'");
        }
        for (int i = 0; i < 64; i++) {
            char c = h.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!ok) {
                throw new IllegalArgumentException("Expected a SHA-256 digest of hex digits, found '" + c
                        + "' at position " + i + " in '" + abbreviate(text) + "'");
            }
        }
        return new Digest(h.toLowerCase(java.util.Locale.ROOT));
    }

    /** The digest of raw SHA-256 output (32 bytes). */
    public static Digest ofBytes(byte[] sha256) {
        if (sha256.length != 32) {
            throw new IllegalArgumentException("Expected 32 bytes of SHA-256 output, found " + sha256.length);
        }
        return new Digest(HEX.formatHex(sha256));
    }

    /** Computes the digest of {@code content}. */
    public static Digest sha256(byte[] content) {
        MessageDigest md = newMessageDigest();
        return ofBytes(md.digest(content));
    }

    /** A fresh SHA-256 {@link MessageDigest}. */
    public static MessageDigest newMessageDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no SHA-256, which every Java platform must provide", e);
        }
    }

    /** The 64 lower-case hex digits. */
    public String hex() {
        return hex;
    }

    /** The raw 32 bytes. */
    public byte[] bytes() {
        return HEX.parseHex(hex);
    }

    @Override
    public int compareTo(Digest o) {
        return hex.compareTo(o.hex);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Digest d && d.hex.equals(hex);
    }

    @Override
    public int hashCode() {
        return hex.hashCode();
    }

    /** {@code sha256:<hex>}. */
    @Override
    public String toString() {
        return PREFIX + hex;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
