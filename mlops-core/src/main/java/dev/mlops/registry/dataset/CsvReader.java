package dev.mlops.registry.dataset;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the records of CSV text one at a time, following a {@link CsvDialect} (see there for the rules): memory holds
 * one record, whatever the size of the input. Made by {@link CsvDialect#reader}. Not thread-safe (one reader thread).
 *
 * <pre>{@code
 * try (CsvReader in = CsvDialect.standard().reader(Files.newBufferedReader(path), path.toString())) {
 *     CsvRecord header = in.next();
 *     for (CsvRecord r; (r = in.next()) != null; ) {
 *         String first = in.dialect().isMissing(r.get(0)) ? null : r.get(0);
 *     }
 * }
 * }</pre>
 */
public final class CsvReader implements Closeable {
    /** The longest field accepted, in characters; longer means a quote left open or not CSV at all. */
    public static final int MAX_FIELD_CHARS = 1 << 24;

    private final CsvDialect dialect;
    private final Reader in;
    private final String source;
    private final char sep;
    private final char[] buf = new char[8192];
    private int pos;
    private int limit;
    private boolean eof;
    private boolean started;
    /** 1-based line of the next character. */
    private long line = 1;
    /** 1-based column of the next character. */
    private long column = 1;
    private final StringBuilder field = new StringBuilder();
    private final List<String> fields = new ArrayList<>();
    private boolean[] quoted = new boolean[16];

    CsvReader(CsvDialect dialect, Reader in, String source) {
        this.dialect = dialect;
        this.in = in;
        this.source = source;
        this.sep = dialect.separator();
    }

    /** The dialect this reader follows. */
    public CsvDialect dialect() {
        return dialect;
    }

    /** The name of the input in error messages. */
    public String source() {
        return source;
    }

    /**
     * The next record (blank lines skipped), or null at the end of the input.
     *
     * @throws CsvFormatException   naming line and column when the text does not follow the dialect or is not UTF-8
     * @throws UncheckedIOException when reading fails
     */
    public CsvRecord next() {
        try {
            return read();
        } catch (CharacterCodingException e) {
            throw new CsvFormatException(source, line, column, "bytes that are not UTF-8 text; save the file as UTF-8");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source + " at line " + line + ": " + e.getMessage(), e);
        }
    }

    private CsvRecord read() throws IOException {
        if (!started) {
            started = true;
            if (peek() == '\uFEFF') {
                pos++; // a byte-order mark is not part of the first field
            }
        }
        // blank lines
        for (;;) {
            int c = peek();
            if (c < 0) {
                return null;
            }
            if (c == '\n') {
                take();
                continue;
            }
            if (c == '\r' && peekAt(1) == '\n') {
                take();
                take();
                continue;
            }
            break;
        }
        long recordLine = line;
        fields.clear();
        for (;;) {
            boolean wasQuoted = readField();
            if (fields.size() == quoted.length) {
                quoted = Arrays.copyOf(quoted, quoted.length * 2);
            }
            quoted[fields.size()] = wasQuoted;
            fields.add(field.toString());
            int c = peek();
            if (c < 0) {
                break;
            }
            if (c == sep) {
                take();
                continue;
            }
            // a line end (readField stops only at the separator, a line end or the end of the input)
            if (c == '\r') {
                take();
            }
            take();
            break;
        }
        return new CsvRecord(recordLine, fields.toArray(new String[0]), Arrays.copyOf(quoted, fields.size()));
    }

    /** Reads one field into {@link #field}, leaving the separator or line end unread; returns whether it was quoted. */
    private boolean readField() throws IOException {
        field.setLength(0);
        int c = peek();
        if (c == '"') {
            long openLine = line;
            long openColumn = column;
            take();
            for (;;) {
                c = peek();
                if (c < 0) {
                    throw new CsvFormatException(source, openLine, openColumn, "unterminated quoted field: the quote"
                            + " opened here is not closed before the end of the input; expected a closing '\"' (write a quote inside a"
                            + " quoted field as '\"\"')");
                }
                take();
                if (c == '"') {
                    if (peek() == '"') {
                        take();
                        append('"');
                        continue;
                    }
                    break;
                }
                append((char) c);
            }
            c = peek();
            if (c >= 0 && c != sep && c != '\n' && !(c == '\r' && peekAt(1) == '\n')) {
                throw new CsvFormatException(source, line, column, "expected the separator "
                        + CsvDialect.printable(sep) + " or a line end after a closing quote, found "
                        + CsvDialect.printable(c) + "; quote the whole field and double the quotes inside it");
            }
            return true;
        }
        for (;;) {
            if (c < 0 || c == sep || c == '\n' || (c == '\r' && peekAt(1) == '\n')) {
                return false;
            }
            if (c == '"') {
                throw new CsvFormatException(source, line, column, "expected the separator "
                        + CsvDialect.printable(sep) + " or a line end, found '\"' inside an unquoted field;"
                        + " quote the whole field and double the quotes inside it");
            }
            take();
            append((char) c);
            c = peek();
        }
    }

    private void append(char c) {
        if (field.length() == MAX_FIELD_CHARS) {
            throw new CsvFormatException(source, line, column, "a field longer than " + MAX_FIELD_CHARS
                    + " characters; expected CSV text (is a quote left open?)");
        }
        field.append(c);
    }

    private int peek() throws IOException {
        if (pos == limit && !fill(1)) {
            return -1;
        }
        return buf[pos];
    }

    /** The character {@code ahead} places after the next one, or -1. */
    private int peekAt(int ahead) throws IOException {
        if (pos + ahead >= limit && !fill(ahead + 1)) {
            return -1;
        }
        return buf[pos + ahead];
    }

    private void take() {
        if (buf[pos++] == '\n') {
            line++;
            column = 1;
        } else {
            column++;
        }
    }

    /** Makes at least {@code n} characters available if the input has them; false if it has fewer. */
    private boolean fill(int n) throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        while (limit < n && !eof) {
            int r = in.read(buf, limit, buf.length - limit);
            if (r < 0) {
                eof = true;
            } else {
                limit += r;
            }
        }
        return limit >= n;
    }

    /** Closes the underlying reader. */
    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + source + ": " + e.getMessage(), e);
        }
    }
}
