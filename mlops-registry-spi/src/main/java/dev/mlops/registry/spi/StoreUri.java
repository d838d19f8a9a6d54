package dev.mlops.registry.spi;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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
    /** User info runs to the LAST '@' of the authority: a password may contain '@' ({@code u:p@ss@host}). */
    private static final Pattern USERINFO = Pattern.compile("//[^/?#\\s]*@");
    /** A {@code name=value} pair anywhere in a text (a query, a driver's property dump, a message). */
    private static final Pattern PARAM = Pattern.compile("(?<![\\w%.-])([\\w%.-]+)=([^&;\\s]*)");
    /** Parameter names that hold secrets though they contain none of {@link #SECRET_PARTS}. */
    private static final Set<String> SECRET_NAMES = Set.of("pwd", "auth", "authorization", "sig", "signature",
            "x-amz-signature", "x-amz-security-token", "x-amz-credential", "sslpassphrase", "apikey", "jwt",
            "bearer", "privatekey", "sas");
    /** Any parameter whose name contains one of these (case-insensitive) is taken for a secret. */
    private static final List<String> SECRET_PARTS = List.of("pass", "secret", "token", "key", "credential", "pwd");

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

    /**
     * Masks credentials in any URI-like text (a URI, or a message that quotes one): the whole user info of every
     * {@code //user:password@} authority, up to its last {@code @}; and the value of every {@code name=value}
     * parameter whose name may hold a secret — a name containing {@code pass}, {@code secret}, {@code token},
     * {@code key}, {@code credential} or {@code pwd} (case-insensitive, after percent-decoding: {@code password},
     * {@code sslpassword}, {@code sslkey}, {@code secretKey}, {@code sessionToken}, {@code X-Amz-Security-Token} …)
     * and a few more ({@code auth}, {@code sig}, {@code X-Amz-Signature} …). A value runs to the next {@code &},
     * {@code ;} or white space. Reserved characters ({@code / ? # & ;}) in a password must be percent-encoded, as
     * RFC 3986 requires; an unencoded one ends the masked part.
     */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        // parameters first: a parameter's value may itself be a URI with user info (endpoint=http://u:p@host)
        Matcher m = PARAM.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        int from = 0;
        while (from < text.length() && m.find(from)) {
            if (isSecretName(m.group(1))) {
                out.append(text, copied, m.end(1)).append("=***");
                copied = m.end();
                from = m.end();
            } else {
                from = m.end(1) + 1; // a harmless value may hold further pairs (a=x@y?password=...): look inside it
            }
        }
        out.append(text, copied, text.length());
        return USERINFO.matcher(out).replaceAll("//***@");
    }

    /** True when a parameter called {@code name} may hold a secret (see {@link #redact(String)}). */
    public static boolean isSecretName(String name) {
        String n;
        try {
            n = URLDecoder.decode(name, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            n = name.toLowerCase(Locale.ROOT);
        }
        if (SECRET_NAMES.contains(n)) {
            return true;
        }
        for (String part : SECRET_PARTS) {
            if (n.contains(part)) {
                return true;
            }
        }
        return false;
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
