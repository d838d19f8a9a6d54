package dev.mlops.ui.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;

/**
 * A page being written: an appendable buffer whose {@link #text} escapes everything a user could have typed, so the
 * only raw markup is the markup this module writes. Escaping covers HTML text, double-quoted attributes and SVG text
 * alike ({@code & < > " '}). Not thread-safe (one per response).
 */
public final class Html {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private final StringBuilder out = new StringBuilder(8192);
    private final String base;

    /** A page whose links start with {@code base} (the path the browser is mounted under, "" at the root). */
    public Html(String base) {
        this.base = base;
    }

    /** Escapes {@code s} for HTML text and quoted attribute values. */
    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String r = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (r == null && c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
                r = "\uFFFD"; // control characters are not allowed in HTML text
            }
            if (r != null) {
                if (b == null) {
                    b = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                b.append(r);
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }

    /** Percent-encodes a path segment or query value. */
    public static String url(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** An instant as {@code 2026-01-31 12:00:00 UTC}. */
    public static String when(Instant t) {
        return WHEN.format(t);
    }

    /** A number for display: integers as such, others with up to 4 significant decimals. */
    public static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e6) {
            return String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    /** A parameter, metric or tag value for display. */
    public static String value(Object v) {
        if (v instanceof Double d) {
            return num(d);
        }
        if (v instanceof Float f) {
            return num(f);
        }
        return String.valueOf(v);
    }

    /** The base64 SHA-256 of {@code s}, for a Content-Security-Policy hash source. */
    public static String sha256(String s) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }

    /** Appends markup written by this module (never user text). */
    public Html raw(String markup) {
        out.append(markup);
        return this;
    }

    /** Appends user text, escaped. */
    public Html text(String s) {
        out.append(esc(s));
        return this;
    }

    /** Appends a number. */
    public Html num(long n) {
        out.append(n);
        return this;
    }

    /** Appends {@code <a href="base+path">text</a>}; {@code path} must already be encoded. */
    public Html link(String path, String text) {
        out.append("<a href=\"").append(esc(base + path)).append("\">").append(esc(text)).append("</a>");
        return this;
    }

    /** {@code base + path}, escaped for an attribute. */
    public String href(String path) {
        return esc(base + path);
    }

    /** Appends {@code <tag>text</tag>}. */
    public Html el(String tag, String text) {
        out.append('<').append(tag).append('>').append(esc(text)).append("</").append(tag).append('>');
        return this;
    }

    public String base() {
        return base;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
