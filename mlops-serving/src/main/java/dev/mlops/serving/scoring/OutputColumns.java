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
import dev.mlops.registry.dataset.DatasetFile;
import dev.mlops.registry.dataset.DatasetVersion;
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

import static dev.mlops.serving.scoring.Rows.format;

/**
 * The output columns of a scored chunk, shared by both scoring engines (the general path's sinks and the byte
 * pipeline): their names, per-row values, CSV text writers and the byte buffer the byte path fills. Package-private.
 * Stateless; a {@link ByteLines} is not thread-safe.
 */
final class OutputColumns {
    private OutputColumns() {
    }

    /** Writes row {@code r}'s value of an output column as CSV text, without boxing numbers. */
    @FunctionalInterface
    interface CsvText {
        void write(int r, ByteLines out);
    }

    /**
     * One output column of a chunk: its name, row {@code r}'s value (for the general path's sinks) and a writer of its
     * CSV text (for the byte path).
     */
    record OutputColumn(String name, IntFunction<Object> value, CsvText csv) {
    }

    static List<String> names(List<OutputColumn> cols) {
        List<String> names = new ArrayList<>(cols.size());
        for (OutputColumn c : cols) {
            names.add(c.name());
        }
        return names;
    }

    /**
     * The written output columns (see the class comment): a tensor output {@code [n]} gives column {@code name},
     * {@code [n, k]} gives {@code name_0 … name_k-1}; a sequence of maps (ZipMap) gives {@code name_<key>} per key, in
     * key order. Outputs that are not one-per-row are not written. With {@code versionColumn}, a last column of that
     * name says which model version answered ({@code model:version}, or the model's name when it has no version).
     */
    static List<OutputColumn> outputColumns(Outputs outputs, int rows, String versionColumn) {
        if (versionColumn != null) {
            return withVersion(outputColumns(outputs, rows, null), outputs, versionColumn);
        }
        List<OutputColumn> cols = new ArrayList<>();
        for (Map.Entry<String, Object> e : outputs.asMap().entrySet()) {
            Object v = e.getValue();
            if (v instanceof Tensor t && t.rank() >= 1 && t.dim(0) == rows) {
                int per = rows == 0 ? 0 : t.size() / rows;
                for (int k = 0; k < per; k++) {
                    String name = per == 1 && t.rank() == 1 ? e.getKey() : e.getKey() + "_" + k;
                    int col = k;
                    IntFunction<Object> value = r -> t.getObject(r * per + col);
                    CsvText csv = switch (t.type()) {
                        case FLOAT -> {
                            float[] a = t.floatData();
                            yield (r, out) -> out.appendFloat(a[r * per + col]);
                        }
                        case DOUBLE -> {
                            double[] a = t.doubleData();
                            yield (r, out) -> out.appendAscii(Double.toString(a[r * per + col]));
                        }
                        case INT64 -> {
                            long[] a = t.longData();
                            yield (r, out) -> out.appendLong(a[r * per + col]);
                        }
                        case INT32 -> {
                            int[] a = t.intData();
                            yield (r, out) -> out.appendLong(a[r * per + col]);
                        }
                        default -> (r, out) -> out.appendText(format(value.apply(r)));
                    };
                    cols.add(new OutputColumn(name, value, csv));
                }
            } else if (v instanceof List<?> l && l.size() == rows && !l.isEmpty() && l.get(0) instanceof Map) {
                TreeMap<String, Object> keys = new TreeMap<>();
                for (Object k : ((Map<?, ?>) l.get(0)).keySet()) {
                    keys.put(String.valueOf(k), k);
                }
                for (Map.Entry<String, Object> k : keys.entrySet()) {
                    Object key = k.getValue();
                    IntFunction<Object> value = r -> ((Map<?, ?>) l.get(r)).get(key);
                    cols.add(new OutputColumn(e.getKey() + "_" + k.getKey(), value, (r, out) -> {
                        Object x = value.apply(r);
                        if (x instanceof Float f) {
                            out.appendFloat(f);
                        } else {
                            out.appendText(format(x));
                        }
                    }));
                }
            }
        }
        return cols;
    }

    static List<OutputColumn> withVersion(List<OutputColumn> cols, Outputs outputs, String column) {
        dev.mlops.serving.Provenance p = outputs.provenance();
        String answeredBy = p.version().isPresent() ? p.model() + ":" + p.version().getAsInt() : p.model();
        cols.add(new OutputColumn(column, r -> answeredBy, (r, out) -> out.appendText(answeredBy)));
        return cols;
    }

    /** A growable byte buffer of output lines. Not thread-safe. */
    static final class ByteLines {
        private byte[] buf;
        private int len;

        ByteLines(int capacity) {
            buf = new byte[Math.max(64, capacity)];
        }

        byte[] bytes() {
            return buf;
        }

        int length() {
            return len;
        }

        private void ensure(int n) {
            if (len + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
            }
        }

        void append(byte b) {
            ensure(1);
            buf[len++] = b;
        }

        void append(byte[] b, int from, int to) {
            ensure(to - from);
            System.arraycopy(b, from, buf, len, to - from);
            len += to - from;
        }

        void appendFloat(float f) {
            ensure(FloatText.MAX_LENGTH);
            len = FloatText.write(f, buf, len);
        }

        void appendLong(long v) {
            appendAscii(Long.toString(v));
        }

        void appendAscii(String s) {
            int n = s.length();
            ensure(n);
            for (int i = 0; i < n; i++) {
                buf[len++] = (byte) s.charAt(i);
            }
        }

        void appendText(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            append(b, 0, b.length);
        }
    }
}
