package dev.mlops.serving.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.registry.dataset.CsvDialect;
import dev.mlops.registry.dataset.CsvFormatException;
import dev.mlops.registry.dataset.CsvReader;
import dev.mlops.registry.dataset.CsvRecord;
import dev.mlops.serving.InvalidInputException;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static dev.mlops.serving.scoring.OutputColumns.OutputColumn;

/**
 * The row formats of batch scoring's general path: CSV and JSON Lines sources (rows in) and sinks (rows plus output
 * columns out), and the CSV dialect's cell helpers. Package-private; stateless apart from each source's and sink's
 * stream, which one scoring thread uses. Not thread-safe.
 */
final class Rows {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CsvDialect DIALECT = CsvDialect.standard();

    private Rows() {
    }

    /** One input row: its 1-based line, its cells in header order (null = missing) and its raw form. */
    record Row(int line, List<String> cells, Object raw) {
    }

    interface RowSource {
        List<String> header();

        /** The next row, or null at the end. */
        Row next() throws IOException;

        long bytesRead();

        /** The raw header line (CSV) or null. */
        String rawHeader();
    }

    interface RowSink {
        void header(RowSource src, List<String> outNames) throws IOException;

        void row(Row row, List<OutputColumn> outCols, int r) throws IOException;
    }

    /** CSV rows read with the dialect's reader; missing values (as the dialect defines them) become null. */
    static final class CsvSource implements RowSource {
        private final CsvReader in;
        private final String source;
        private final CsvDialect dialect;
        private final List<String> header;
        private final long[] bytesRead = new long[1];

        CsvSource(InputStream data, String source, CsvDialect dialect) {
            this.source = source;
            this.dialect = dialect;
            InputStream counting = new FilterInputStream(data) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    bytesRead[0] += b < 0 ? 0 : 1;
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    bytesRead[0] += Math.max(n, 0);
                    return n;
                }

                @Override
                public void close() {
                    // the caller owns the stream
                }
            };
            this.in = dialect.reader(counting, source);
            CsvRecord first = read();
            if (first == null) {
                throw new InvalidInputException("", "a header row", "an empty file", source + " is empty; expected a CSV header row");
            }
            this.header = first.fields();
        }

        private CsvRecord read() {
            try {
                return in.next();
            } catch (CsvFormatException e) {
                throw malformed(e, 1, source);
            }
        }

        @Override
        public List<String> header() {
            return header;
        }

        @Override
        public String rawHeader() {
            return null;
        }

        @Override
        public long bytesRead() {
            return bytesRead[0];
        }

        @Override
        public Row next() {
            CsvRecord rec = read();
            if (rec == null) {
                return null;
            }
            int lineNo = (int) rec.line();
            if (rec.size() != header.size()) {
                throw new InvalidInputException("", header.size() + " fields", rec.size() + " fields",
                        "line " + lineNo + " of " + source + " has " + rec.size() + " fields, the header has "
                                + header.size());
            }
            List<String> fields = new ArrayList<>(rec.size());
            for (int i = 0; i < rec.size(); i++) {
                fields.add(dialect.isMissing(rec.get(i)) ? null : rec.get(i));
            }
            return new Row(lineNo, fields, null);
        }
    }

    static final class JsonlSource implements RowSource {
        private final BufferedReader in;
        private final String source;
        private List<String> header;
        private Row first;
        private long bytesRead;
        private int lineNo;

        JsonlSource(BufferedReader in, String source) throws IOException {
            this.in = in;
            this.source = source;
            this.first = read(true);
            if (first == null) {
                throw new InvalidInputException("", "a JSON object per line", "an empty file",
                        source + " is empty; expected one JSON object per line");
            }
        }

        @Override
        public List<String> header() {
            return header;
        }

        @Override
        public String rawHeader() {
            return null;
        }

        @Override
        public long bytesRead() {
            return bytesRead;
        }

        @Override
        public Row next() throws IOException {
            if (first != null) {
                Row r = first;
                first = null;
                return r;
            }
            return read(false);
        }

        private Row read(boolean isFirst) throws IOException {
            for (;;) {
                String line = in.readLine();
                if (line == null) {
                    return null;
                }
                lineNo++;
                bytesRead += line.length() + 1;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new InvalidInputException("", "a JSON object", "invalid JSON",
                            "line " + lineNo + " of " + source + " is not valid JSON: " + e.getOriginalMessage());
                }
                if (!(node instanceof ObjectNode obj)) {
                    throw new InvalidInputException("", "a JSON object", node.getNodeType().toString(),
                            "line " + lineNo + " of " + source + " is a JSON " + node.getNodeType().toString().toLowerCase(Locale.ROOT)
                                    + "; expected one JSON object per line");
                }
                if (isFirst) {
                    List<String> names = new ArrayList<>();
                    obj.fieldNames().forEachRemaining(names::add);
                    header = List.copyOf(names);
                }
                List<String> cells = new ArrayList<>(header.size());
                for (String h : header) {
                    JsonNode v = obj.get(h);
                    if (v == null || v.isNull()) {
                        cells.add(null);
                    } else if (v.isValueNode()) {
                        cells.add(v.asText());
                    } else {
                        throw new InvalidInputException(h, "a scalar", v.getNodeType().toString(),
                                "line " + lineNo + ", field '" + h + "' of " + source + " is a JSON "
                                        + v.getNodeType().toString().toLowerCase(Locale.ROOT) + "; expected a number, string or boolean");
                    }
                }
                return new Row(lineNo, cells, obj);
            }
        }
    }

    static final class CsvSink implements RowSink {
        private final Writer w;
        private final boolean keepInput;
        private String rawHeader;

        CsvSink(Writer w, boolean keepInput) {
            this.w = w;
            this.keepInput = keepInput;
        }

        @Override
        public void header(RowSource src, List<String> outNames) throws IOException {
            List<String> cols = new ArrayList<>();
            if (keepInput) {
                if (src.rawHeader() != null) {
                    rawHeader = src.rawHeader();
                } else {
                    rawHeader = String.join(",", quoteAll(src.header()));
                }
                cols.add(rawHeader);
            }
            cols.addAll(quoteAll(outNames));
            w.write(String.join(",", cols));
            w.write('\n');
        }

        @Override
        public void row(Row row, List<OutputColumn> outCols, int r) throws IOException {
            boolean first = true;
            if (keepInput) {
                if (row.raw() instanceof String line) {
                    w.write(line);
                } else {
                    List<String> q = new ArrayList<>(row.cells().size());
                    for (String c : row.cells()) {
                        q.add(c == null ? "" : quote(c));
                    }
                    w.write(String.join(",", q));
                }
                first = false;
            }
            for (OutputColumn c : outCols) {
                if (!first) {
                    w.write(',');
                }
                first = false;
                w.write(format(c.value().apply(r)));
            }
            w.write('\n');
        }
    }

    static final class JsonlSink implements RowSink {
        private final Writer w;
        private final boolean keepInput;
        private List<String> header;

        JsonlSink(Writer w, boolean keepInput) {
            this.w = w;
            this.keepInput = keepInput;
        }

        @Override
        public void header(RowSource src, List<String> outNames) {
            header = src.header();
        }

        @Override
        public void row(Row row, List<OutputColumn> outCols, int r) throws IOException {
            ObjectNode o;
            if (!keepInput) {
                o = JSON.createObjectNode();
            } else if (row.raw() instanceof ObjectNode obj) {
                o = obj;
            } else {
                o = JSON.createObjectNode();
                for (int i = 0; i < header.size(); i++) {
                    String c = row.cells().get(i);
                    if (c == null) {
                        o.putNull(header.get(i));
                    } else {
                        o.put(header.get(i), c);
                    }
                }
            }
            for (OutputColumn c : outCols) {
                o.set(c.name(), toJson(c.value().apply(r)));
            }
            w.write(JSON.writeValueAsString(o));
            w.write('\n');
        }

        private static JsonNode toJson(Object v) {
            JsonNodeFactory f = JsonNodeFactory.instance;
            if (v == null) {
                return f.nullNode();
            } else if (v instanceof Float x) {
                return Float.isFinite(x) ? f.numberNode(x) : f.textNode(x.toString());
            } else if (v instanceof Double x) {
                return Double.isFinite(x) ? f.numberNode(x) : f.textNode(x.toString());
            } else if (v instanceof Long x) {
                return f.numberNode(x);
            } else if (v instanceof Integer x) {
                return f.numberNode(x);
            } else if (v instanceof Short x) {
                return f.numberNode(x);
            } else if (v instanceof Byte x) {
                return f.numberNode(x);
            } else if (v instanceof Boolean x) {
                return f.booleanNode(x);
            }
            return f.textNode(v.toString());
        }
    }

    static Object cell(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    static String format(Object o) {
        if (o == null) {
            return "";
        }
        if (o instanceof String) {
            return quote((String) o);
        }
        return o.toString();
    }

    static List<String> quoteAll(List<String> names) {
        List<String> q = new ArrayList<>(names.size());
        for (String n : names) {
            q.add(quote(n));
        }
        return q;
    }

    static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /**
     * Splits the text of one CSV record starting on line {@code lineNo} (it may span lines inside quotes) into its
     * fields as written, by {@link CsvDialect#standard()}.
     *
     * @throws InvalidInputException naming the line and column when the record is malformed
     */
    static List<String> parseLine(String record, int lineNo) {
        if (record.indexOf('"') < 0 && record.indexOf('\r') < 0 && record.indexOf('\n') < 0) {
            List<String> fast = new ArrayList<>();
            int from = 0;
            for (int comma; (comma = record.indexOf(',', from)) >= 0; from = comma + 1) {
                fast.add(record.substring(from, comma));
            }
            fast.add(record.substring(from));
            return fast;
        }
        try (CsvReader in = DIALECT.reader(new StringReader(record), "line " + lineNo)) {
            CsvRecord rec = in.next();
            if (rec == null) {
                return List.of("");
            }
            if (in.next() != null) {
                throw new IllegalStateException("line " + lineNo + " holds more than one record: " + record);
            }
            return rec.fields();
        } catch (CsvFormatException e) {
            throw malformed(e, lineNo, null);
        }
    }

    /** A malformed-CSV error of a record that starts on line {@code firstLine}, as an input error. */
    static InvalidInputException malformed(CsvFormatException e, int firstLine, String source) {
        long line = firstLine + e.line() - 1;
        return new InvalidInputException("", "CSV in the standard dialect", "malformed CSV", "line " + line
                + ", column " + e.column() + (source == null ? "" : " of " + source) + ": " + e.problem());
    }
}
