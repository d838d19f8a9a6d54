package dev.mlops.registry;

/**
 * The SDK's structured log lines are logfmt ({@code event=endpoint.swap endpoint=fraud ...}); this formats one value.
 * Shared by every module that logs events. Stateless and thread-safe.
 */
public final class Logfmt {
    private Logfmt() {
    }

    /** A logfmt value: bare when it is one plain token, else double-quoted with quotes and backslashes escaped. */
    public static String value(Object v) {
        String s = String.valueOf(v);
        if (!s.isEmpty() && s.chars().allMatch(c -> c > ' ' && c != '"' && c != '=' && c != '\\' && c < 127)) {
            return s;
        }
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
