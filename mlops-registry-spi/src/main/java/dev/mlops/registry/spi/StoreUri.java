package dev.mlops.registry.spi;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A store location such as {@code file:/var/lib/models}, {@code file:./mlops-data}, {@code mem:tests} or
 * {@code jdbc:postgresql://user:secret@db/mlops?password=secret}. Keeps the text as given (schemes like {@code jdbc:}
 * are not hierarchical URIs) and offers a {@link #redacted() redacted} form, with user info and password-like query
 * parameters masked, that is the only form ever put in messages or logs — {@link #toString()} returns it too.
 * Immutable and thread-safe.
 */
public final class StoreUri {
    private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$", Pattern.DOTALL);
    private static final Pattern USERINFO = Pattern.compile("//([^/@?#]*)@");
    private static final Pattern SECRET_PARAM = Pattern.compile(
            "(?i)([?&;](?:password|pwd|pass|secret|token|access[_-]?key|secret[_-]?key|sessiontoken|x-amz-security-token|key)=)([^&;#]*)");

    private final String text;
    private final String scheme;
    private final String rest;

    private StoreUri(String text, String scheme, String rest) {
        this.text = text;
        this.scheme = scheme;
        this.rest = rest;
    }

    /**
     * Parses {@code text}. Only the scheme is interpreted here; the provider interprets the rest.
     *
     * @throws IllegalArgumentException when there is no {@code scheme:} prefix
     */
    public static StoreUri parse(String text) {
        Objects.requireNonNull(text, "store URI");
        String t = text.strip();
        Matcher m = SCHEME.matcher(t);
        if (!m.matches() || m.group(1).length() == 1) { // a one-letter "scheme" is a Windows drive letter
            throw new IllegalArgumentException("Expected a store URI with a scheme, such as 'file:./mlops-data', "
                    + "'file:/var/lib/models' or 'mem:name'; found '" + redact(t) + "'");
        }
        return new StoreUri(t, m.group(1).toLowerCase(Locale.ROOT), m.group(2));
    }

    /** The scheme, lower case ({@code file}, {@code mem}, {@code jdbc} …). */
    public String scheme() {
        return scheme;
    }

    /** Everything after {@code scheme:}, as given (may contain credentials: never log it). */
    public String schemeSpecificPart() {
        return rest;
    }

    /** The full text as given (may contain credentials: never log it). */
    public String unredacted() {
        return text;
    }

    /**
     * The path of a {@code file:} URI: {@code file:/abs}, {@code file:///abs}, {@code file:relative} and
     * {@code file:./relative} are all accepted.
     */
    public java.nio.file.Path toPath() {
        String r = rest;
        if (r.startsWith("//")) {
            try {
                return java.nio.file.Path.of(URI.create(text));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("Expected a file URI such as 'file:///var/lib/models' or "
                        + "'file:./mlops-data'; found '" + redacted() + "': " + e.getMessage(), e);
            }
        }
        if (r.isEmpty()) {
            throw new IllegalArgumentException("Expected a path after 'file:', e.g. 'file:./mlops-data'; found '"
                    + redacted() + "'");
        }
        return java.nio.file.Path.of(r);
    }

    /** The text with credentials masked as {@code ***}; safe for messages and logs. */
    public String redacted() {
        return redact(text);
    }

    /** Masks user info and secret-looking query parameters in any URI-like text. */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String s = USERINFO.matcher(text).replaceAll("//***@");
        return SECRET_PARAM.matcher(s).replaceAll("$1***");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoreUri u && u.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** The {@link #redacted()} form. */
    @Override
    public String toString() {
        return redacted();
    }
}
