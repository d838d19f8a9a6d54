package dev.mlops.registry.dataset;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How every part of the library reads CSV: the registry's CSV sniffing ({@link CsvSchema}), monitoring's tables and
 * data checks, the command line and batch scoring. {@link #standard()} is RFC 4180 with the common extensions:
 * <ul>
 *   <li><b>Encoding</b>: UTF-8 ({@link #reader(InputStream, String)} rejects bytes that are not UTF-8, naming the
 *       line); a byte-order mark (U+FEFF) at the very start is skipped.</li>
 *   <li><b>Records</b> end at {@code \n} or {@code \r\n} or the end of the input (a last line without a line end is
 *       a record). A {@code \r} that is not followed by {@code \n} is an ordinary character. Blank lines (nothing at
 *       all between two line ends) are skipped but counted, so line numbers match the file.</li>
 *   <li><b>Fields</b> are separated by the {@link #separator()} ({@code ,}) and returned exactly as written: no
 *       trimming. The number of fields per record is the reader's caller's business (the header row gives it).</li>
 *   <li><b>Quoting</b>: a field that starts with {@code "} is quoted; it ends at the next {@code "} that is not
 *       doubled, {@code ""} inside stands for one {@code "}, and it may hold separators, {@code \r} and {@code \n}
 *       (the field then spans lines). After the closing quote comes the separator, a line end or the end of the
 *       input. A {@code "} inside an unquoted field, text after a closing quote and a quoted field left open at the
 *       end of the input are errors ({@link CsvFormatException}, naming line and column).</li>
 *   <li><b>Header</b>: the first record names the columns (blank lines before it are skipped).</li>
 *   <li><b>Missing values</b> ({@link #isMissing}): a field is missing when, with leading and trailing white space
 *       removed, it is empty or equals one of the {@link #missingValues()} ignoring case: by default {@code NA},
 *       {@code N/A}, {@code NaN}, {@code null} and {@code None}. Quoting does not matter ({@code ""} and
 *       {@code "NA"} are missing too). Whether a missing value is allowed is up to the reader of the column: data
 *       checks count it, statistics skip it, numeric model inputs reject it.</li>
 * </ul>
 * Variations come from the {@code with…} methods, e.g. {@code CsvDialect.standard().withSeparator(';')} or
 * {@code CsvDialect.standard().withMissingValues()} (only empty fields are missing).
 *
 * <p>Immutable and thread-safe; each {@link CsvReader} it makes is for one thread.
 */
public final class CsvDialect {
    private static final Set<String> STANDARD_MISSING = orderedLowerCase(new String[]{"NA", "N/A", "NaN", "null", "None"});
    private static final CsvDialect STANDARD = new CsvDialect(',', STANDARD_MISSING);

    private final char separator;
    /** The missing-value spellings in lower case (Locale.ROOT), in the order given. */
    private final Set<String> missing;
    private final int longestMissing;

    private CsvDialect(char separator, Set<String> missing) {
        this.separator = separator;
        this.missing = missing;
        int longest = 0;
        for (String m : missing) {
            longest = Math.max(longest, m.length());
        }
        this.longestMissing = longest;
    }

    /** The standard dialect described in the class comment. */
    public static CsvDialect standard() {
        return STANDARD;
    }

    /** The field separator ({@code ,} in the standard dialect). */
    public char separator() {
        return separator;
    }

    /**
     * The spellings (besides an empty field) that mean a missing value, in lower case, in the order given; compared
     * ignoring case and surrounding white space.
     */
    public Set<String> missingValues() {
        return missing;
    }

    /**
     * This dialect with another separator.
     *
     * @throws IllegalArgumentException for {@code "}, {@code \r}, {@code \n} or U+FEFF, which cannot separate fields
     */
    public CsvDialect withSeparator(char separator) {
        if (separator == '"' || separator == '\r' || separator == '\n' || separator == '\uFEFF') {
            throw new IllegalArgumentException("a CSV separator cannot be " + printable(separator)
                    + "; use a character such as ',', ';', '\\t' or '|'");
        }
        return separator == this.separator ? this : new CsvDialect(separator, missing);
    }

    /**
     * This dialect with these spellings of a missing value instead of its own (an empty field is always missing;
     * give none for "only empty fields are missing"). Compared ignoring case and surrounding white space.
     *
     * @throws NullPointerException     for a null spelling
     * @throws IllegalArgumentException for a spelling that is blank or holds a quote, a line end or the separator
     */
    public CsvDialect withMissingValues(String... spellings) {
        Objects.requireNonNull(spellings, "spellings");
        for (String s : spellings) {
            Objects.requireNonNull(s, "a missing-value spelling is null");
            if (s.isBlank() || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0
                    || s.indexOf(separator) >= 0) {
                throw new IllegalArgumentException("missing-value spelling '" + s + "' cannot be blank or hold a quote,"
                        + " a line end or the separator " + printable(separator) + "; an empty field is always missing");
            }
        }
        return new CsvDialect(separator, orderedLowerCase(spellings));
    }

    /**
     * Whether a field is a missing value: null, empty or white space only, or (stripped of surrounding white space)
     * one of the {@link #missingValues()} ignoring case. Allocates nothing for fields longer than the longest spelling.
     */
    public boolean isMissing(CharSequence field) {
        if (field == null) {
            return true;
        }
        int from = 0;
        int to = field.length();
        while (from < to && Character.isWhitespace(field.charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(field.charAt(to - 1))) {
            to--;
        }
        if (from == to) {
            return true;
        }
        if (to - from > longestMissing) {
            return false;
        }
        return missing.contains(field.subSequence(from, to).toString().toLowerCase(Locale.ROOT));
    }

    /**
     * A reader of the records of {@code in} (not buffered by the caller: the reader buffers; closing the reader closes
     * {@code in}); {@code source} names it in error messages.
     */
    public CsvReader reader(Reader in, String source) {
        return new CsvReader(this, Objects.requireNonNull(in, "in"), Objects.requireNonNull(source, "source"));
    }

    /** A reader of the UTF-8 records of {@code in}; bytes that are not UTF-8 fail with a {@link CsvFormatException}. */
    public CsvReader reader(InputStream in, String source) {
        Objects.requireNonNull(in, "in");
        return reader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)), source);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CsvDialect d && d.separator == separator && d.missing.equals(missing);
    }

    @Override
    public int hashCode() {
        return separator * 31 + missing.hashCode();
    }

    @Override
    public String toString() {
        return "CsvDialect[separator=" + printable(separator) + ", missing=\"\"" + (missing.isEmpty() ? "" : ", ")
                + String.join(", ", missing) + "]";
    }

    static String printable(int c) {
        return switch (c) {
            case '\n' -> "'\\n'";
            case '\r' -> "'\\r'";
            case '\t' -> "'\\t'";
            case '\uFEFF' -> "a byte-order mark";
            default -> "'" + (char) c + "'";
        };
    }

    private static Set<String> orderedLowerCase(String[] spellings) {
        Set<String> s = new LinkedHashSet<>();
        for (String m : spellings) {
            s.add(m.strip().toLowerCase(Locale.ROOT));
        }
        return java.util.Collections.unmodifiableSet(s);
    }
}
