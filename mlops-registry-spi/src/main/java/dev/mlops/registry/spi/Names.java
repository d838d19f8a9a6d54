package dev.mlops.registry.spi;

/**
 * The naming rules of the storage SPI, enforced by every store before anything touches storage.
 *
 * <ul>
 *   <li><b>Collection</b>: 1–63 characters, a lower-case ASCII letter first, then lower-case letters, digits,
 *       {@code _} or {@code -}.</li>
 *   <li><b>Key</b>: one or more segments separated by {@code /}, at most 1024 characters in all. A segment is
 *       1–200 characters of lower-case ASCII letters, digits, {@code .}, {@code _} or {@code -}, starting with a
 *       letter or digit (so {@code .} and {@code ..} are impossible). No empty segments, no leading or trailing
 *       {@code /}, nothing else: no upper case (so no case-only collisions on case-insensitive file systems), no
 *       separators of other platforms, no NUL or control characters, no white space.</li>
 *   <li><b>Key prefix</b> (for listing): empty, or a key, or a key followed by {@code /}, or a key whose last segment
 *       is cut short.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class Names {
    /** Longest collection name. */
    public static final int MAX_COLLECTION_LENGTH = 63;
    /** Longest key. */
    public static final int MAX_KEY_LENGTH = 1024;
    /** Longest key segment (well under the 255-byte file-name limit of common file systems). */
    public static final int MAX_SEGMENT_LENGTH = 200;

    private Names() {
    }

    /** Returns {@code collection} if valid, else throws {@link InvalidNameException} saying why. */
    public static String checkCollection(String collection) {
        if (collection == null) {
            throw new NullPointerException("collection");
        }
        if (collection.isEmpty() || collection.length() > MAX_COLLECTION_LENGTH) {
            throw new InvalidNameException("Expected a collection name of 1-" + MAX_COLLECTION_LENGTH
                    + " characters, found " + collection.length() + ": " + quote(collection));
        }
        char first = collection.charAt(0);
        if (first < 'a' || first > 'z') {
            throw new InvalidNameException("A collection name must start with a lower-case letter a-z, found "
                    + quote(collection) + ". Use e.g. 'models' or 'pipeline-runs'.");
        }
        for (int i = 1; i < collection.length(); i++) {
            char c = collection.charAt(i);
            if (!(isLowerAlnum(c) || c == '_' || c == '-')) {
                throw new InvalidNameException("A collection name may contain only a-z, 0-9, '_' and '-'; found "
                        + describe(c) + " at position " + i + " in " + quote(collection));
            }
        }
        return collection;
    }

    /** Returns {@code key} if valid, else throws {@link InvalidNameException} saying why. */
    public static String checkKey(String key) {
        checkKeyOrPrefix(key, false);
        return key;
    }

    /** Returns {@code prefix} if it is a valid listing prefix, else throws {@link InvalidNameException}. */
    public static String checkPrefix(String prefix) {
        if (prefix == null) {
            throw new NullPointerException("prefix");
        }
        if (prefix.isEmpty()) {
            return prefix;
        }
        checkKeyOrPrefix(prefix, true);
        return prefix;
    }

    /** Whether {@code key} is valid, without throwing. */
    public static boolean isValidKey(String key) {
        try {
            checkKey(key);
            return true;
        } catch (InvalidNameException | NullPointerException e) {
            return false;
        }
    }

    /** Whether {@code c} may appear in a key segment. */
    public static boolean isSegmentChar(char c) {
        return isLowerAlnum(c) || c == '.' || c == '_' || c == '-';
    }

    private static void checkKeyOrPrefix(String key, boolean prefix) {
        if (key == null) {
            throw new NullPointerException(prefix ? "prefix" : "key");
        }
        String what = prefix ? "key prefix" : "key";
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw new InvalidNameException("Expected a " + what + " of 1-" + MAX_KEY_LENGTH + " characters, found "
                    + key.length() + ": " + quote(key));
        }
        int segStart = 0;
        for (int i = 0; i <= key.length(); i++) {
            boolean end = i == key.length();
            char c = end ? '/' : key.charAt(i);
            if (c == '/') {
                int len = i - segStart;
                if (len == 0) {
                    if (end && prefix && i > 0) {
                        return; // a prefix may end with '/'
                    }
                    throw new InvalidNameException("A " + what + " must not have an empty segment (a leading, "
                            + "trailing or doubled '/'): " + quote(key));
                }
                if (len > MAX_SEGMENT_LENGTH) {
                    throw new InvalidNameException("Each segment of a " + what + " is at most " + MAX_SEGMENT_LENGTH
                            + " characters, found one of " + len + " in " + quote(key));
                }
                segStart = i + 1;
                continue;
            }
            if (!isSegmentChar(c)) {
                throw new InvalidNameException("A " + what + " may contain only a-z, 0-9, '.', '_', '-' and '/' "
                        + "between segments; found " + describe(c) + " at position " + i + " in " + quote(key)
                        + ". Upper case, white space, '\\', ':' and control characters are refused.");
            }
            if (i == segStart && !isLowerAlnum(c)) {
                throw new InvalidNameException("Each segment of a " + what + " must start with a-z or 0-9, found "
                        + describe(c) + " at position " + i + " in " + quote(key)
                        + " (this also refuses '.' and '..')");
            }
        }
    }

    private static boolean isLowerAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    private static String describe(char c) {
        if (c < 0x20 || c == 0x7f) {
            return String.format("control character U+%04X", (int) c);
        }
        return "'" + c + "'";
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("'");
        int n = Math.min(s.length(), 80);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (s.length() > n) {
            b.append("...");
        }
        return b.append('\'').toString();
    }
}
