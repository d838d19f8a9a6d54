package dev.mlops.serving.scoring;

import dev.mlops.serving.ElementType;
import dev.mlops.serving.Inputs;
import dev.mlops.serving.InvalidInputException;
import dev.mlops.serving.Models;
import dev.mlops.serving.Outputs;
import dev.mlops.serving.Signature;
import dev.mlops.serving.Tensor;
import dev.mlops.serving.TensorSpec;
import dev.mlops.serving.LoadedModel;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.registry.DatasetFile;
import dev.mlops.registry.DatasetVersion;
import dev.mlops.registry.ModelVersionRef;
import dev.mlops.registry.Registry;
import dev.mlops.serving.internal.CsvChunkParser;
import dev.mlops.serving.internal.CsvChunkReader;
import dev.mlops.serving.internal.ElementConversion;
import dev.mlops.serving.internal.FloatText;
import dev.mlops.serving.internal.OrderedPipeline;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.IntFunction;

import static dev.mlops.serving.scoring.OutputColumns.OutputColumn;

/**
 * The row formats of batch scoring's general path: CSV and JSON Lines sources (rows in) and sinks (rows plus output
 * columns out), and the CSV dialect's cell helpers. Package-private; stateless apart from each source's and sink's
 * stream, which one scoring thread uses. Not thread-safe.
 */
final class Rows {
    private static final ObjectMapper JSON = new ObjectMapper();

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

    static final class CsvSource implements RowSource {
        private final BufferedReader in;
        private final String source;
        private String headerLine;
        private final List<String> header;
        private long bytesRead;
        private int lineNo = 1;

        CsvSource(BufferedReader in, String source) throws IOException {
            this.in = in;
            this.source = source;
            this.headerLine = in.readLine();
            if (headerLine == null) {
                throw new InvalidInputException("", "a header row", "an empty file", source + " is empty; expected a CSV header row");
            }
            this.bytesRead = headerLine.getBytes(StandardCharsets.UTF_8).length + 1;
            if (headerLine.startsWith("\uFEFF")) {
                headerLine = headerLine.substring(1); // a byte-order mark is not part of the first column's name
            }
            this.header = parseLine(headerLine, 1);
        }

        @Override
        public List<String> header() {
            return header;
        }

        @Override
        public String rawHeader() {
            return headerLine;
        }

        @Override
        public long bytesRead() {
            return bytesRead;
        }

        @Override
        public Row next() throws IOException {
            for (;;) {
                String line = in.readLine();
                if (line == null) {
                    return null;
                }
                lineNo++;
                bytesRead += line.length() + 1;
                if (line.isEmpty()) {
                    continue;
                }
                List<String> fields = parseLine(line, lineNo);
                if (fields.size() != header.size()) {
                    throw new InvalidInputException("", header.size() + " fields", fields.size() + " fields",
                            "line " + lineNo + " of " + source + " has " + fields.size() + " fields, the header has "
                                    + header.size());
                }
                for (int i = 0; i < fields.size(); i++) {
                    if (fields.get(i).isEmpty()) {
                        fields.set(i, null);
                    }
                }
                return new Row(lineNo, fields, line);
            }
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

    /** Splits one CSV line (double quotes, {@code ""} escapes). */
    static List<String> parseLine(String line, int lineNo) {
        if (line.indexOf('"') < 0 && line.indexOf('\r') < 0) {
            List<String> fast = new ArrayList<>();
            int from = 0;
            for (int comma; (comma = line.indexOf(',', from)) >= 0; from = comma + 1) {
                fast.add(line.substring(from, comma));
            }
            fast.add(line.substring(from));
            return fast;
        }
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else if (ch != '\r') {
                cur.append(ch);
            }
        }
        if (quoted) {
            throw new InvalidInputException("", "a closing quote", "end of line", "line " + lineNo
                    + " has an unterminated quoted field (fields cannot span lines)");
        }
        out.add(cur.toString());
        return out;
    }
}
