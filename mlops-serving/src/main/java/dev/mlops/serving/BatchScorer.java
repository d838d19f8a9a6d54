package dev.mlops.serving;

import dev.mlops.serving.internal.ElementConversion;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
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

/**
 * Scores a CSV file with a model ("result serving"): streams it in chunks of {@link Builder#chunkRows(int)} rows
 * (memory stays bounded for any input size), maps columns to the model's inputs by name, and writes the outputs to a
 * CSV file next to the input columns or alone. Not thread-safe (one job per instance), except {@link #cancel()}.
 *
 * <p>Column mapping: an input whose name is a column takes that column (one value per row; shape {@code [n]} or
 * {@code [n, 1]}). A model with a single {@code [batch, F]} input takes F columns: those given to
 * {@link Builder#features(List)}, else every column not excluded ({@link Builder#exclude(String...)}, and columns
 * named {@code target}, {@code label}, {@code class} or {@code y} when that leaves exactly F), in file order. Output
 * columns: a tensor output {@code [n]} gives column {@code name}, {@code [n, k]} gives {@code name_0 … name_k-1}; a
 * sequence of maps (ZipMap) gives {@code name_<key>} per key.
 *
 * <p>CSV: a header row; comma-separated; fields may be double-quoted (with {@code ""} for a quote) but not span lines.
 * An empty field is a missing value, which numeric inputs reject with the line and column named.
 */
public final class BatchScorer {
    private static final Set<String> TARGET_NAMES = Set.of("target", "label", "class", "y");

    /** Progress of a scoring job. */
    public record Progress(long rowsDone, double rowsPerSecond, double fractionDone, double secondsRemaining) {
    }

    /** What a finished job did. */
    public record Report(long rows, long chunks, double seconds, double rowsPerSecond, boolean cancelled) {
    }

    private final LoadedModel model;
    private final int chunkRows;
    private final List<String> features;
    private final Set<String> exclude;
    private final boolean keepInputColumns;
    private final Consumer<Progress> progress;
    private final AtomicBoolean cancelled = new AtomicBoolean();

    private BatchScorer(Builder b) {
        this.model = b.model;
        this.chunkRows = b.chunkRows;
        this.features = b.features;
        this.exclude = b.exclude;
        this.keepInputColumns = b.keepInputColumns;
        this.progress = b.progress;
    }

    /** A builder for scoring with {@code model}. */
    public static Builder builder(LoadedModel model) {
        return new Builder(model);
    }

    /** Asks a running job to stop after its current chunk (the output then holds the rows scored so far). */
    public void cancel() {
        cancelled.set(true);
    }

    /**
     * Scores {@code data} into {@code out}.
     *
     * @throws InvalidInputException naming the line and column of a missing or unparseable value, or the mapping problem
     * @throws UncheckedIOException  on I/O errors
     */
    public Report scoreCsv(Path data, Path out) {
        long totalBytes;
        try {
            totalBytes = Files.size(data);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + data + ": " + e.getMessage(), e);
        }
        long start = System.nanoTime();
        long rows = 0;
        long chunks = 0;
        try (BufferedReader in = Files.newBufferedReader(data, StandardCharsets.UTF_8);
             BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            String headerLine = in.readLine();
            if (headerLine == null) {
                throw new InvalidInputException("", "a header row", "an empty file", data + " is empty; expected a CSV header row");
            }
            List<String> header = parseLine(headerLine, 1);
            Mapping mapping = map(header, data);
            long bytesRead = headerLine.length() + 1;
            boolean headerWritten = false;
            int lineNo = 1;
            List<List<String>> chunk = new ArrayList<>(chunkRows);
            List<String> rawLines = new ArrayList<>(chunkRows);
            int firstLine = 2;
            for (;;) {
                String line = in.readLine();
                if (line != null) {
                    lineNo++;
                    bytesRead += line.length() + 1;
                    if (line.isEmpty()) {
                        continue;
                    }
                    if (chunk.isEmpty()) {
                        firstLine = lineNo;
                    }
                    List<String> fields = parseLine(line, lineNo);
                    if (fields.size() != header.size()) {
                        throw new InvalidInputException("", header.size() + " fields", fields.size() + " fields",
                                "line " + lineNo + " of " + data + " has " + fields.size() + " fields, the header has "
                                        + header.size());
                    }
                    chunk.add(fields);
                    rawLines.add(line);
                }
                if (chunk.size() == chunkRows || (line == null && !chunk.isEmpty())) {
                    Outputs outputs = model.predict(mapping.inputs(chunk, firstLine, header));
                    List<String> outNames = new ArrayList<>();
                    List<String[]> outValues = columns(outputs, chunk.size(), outNames);
                    if (!headerWritten) {
                        if (keepInputColumns) {
                            w.write(headerLine);
                            if (!outNames.isEmpty()) {
                                w.write(',');
                            }
                        }
                        w.write(String.join(",", quoteAll(outNames)));
                        w.newLine();
                        headerWritten = true;
                    }
                    for (int r = 0; r < chunk.size(); r++) {
                        if (keepInputColumns) {
                            w.write(rawLines.get(r));
                            if (!outValues.isEmpty()) {
                                w.write(',');
                            }
                        }
                        for (int c = 0; c < outValues.size(); c++) {
                            if (c > 0) {
                                w.write(',');
                            }
                            w.write(outValues.get(c)[r]);
                        }
                        w.newLine();
                    }
                    rows += chunk.size();
                    chunks++;
                    chunk.clear();
                    rawLines.clear();
                    if (progress != null) {
                        double secs = (System.nanoTime() - start) / 1e9;
                        double rate = secs > 0 ? rows / secs : 0;
                        double fraction = totalBytes > 0 ? Math.min(1.0, (double) bytesRead / totalBytes) : 1.0;
                        double remaining = fraction > 0 ? secs * (1 - fraction) / fraction : Double.NaN;
                        progress.accept(new Progress(rows, rate, fraction, remaining));
                    }
                    if (cancelled.get()) {
                        break;
                    }
                }
                if (line == null) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("scoring " + data + " into " + out + " failed: " + e.getMessage(), e);
        }
        double secs = (System.nanoTime() - start) / 1e9;
        return new Report(rows, chunks, secs, secs > 0 ? rows / secs : 0, cancelled.get());
    }

    /** How columns feed inputs. */
    private interface Mapping {
        Inputs inputs(List<List<String>> rows, int firstLine, List<String> header);
    }

    private Mapping map(List<String> header, Path data) {
        Signature sig = model.signature();
        boolean allNamed = true;
        for (TensorSpec s : sig.inputs()) {
            allNamed &= header.contains(s.name());
        }
        if (allNamed && features == null) {
            return (rows, firstLine, h) -> {
                Inputs.Builder b = Inputs.builder();
                for (TensorSpec s : sig.inputs()) {
                    int col = h.indexOf(s.name());
                    List<Object> values = new ArrayList<>(rows.size());
                    for (List<String> r : rows) {
                        values.add(cell(r.get(col)));
                    }
                    ElementType type = s.elementType().orElseThrow();
                    Object carrier = convert(type, values, i -> "line " + (firstLine + i) + ", column '" + s.name() + "'", s.name());
                    long[] shape = s.rank() == 2 ? new long[]{rows.size(), 1} : new long[]{rows.size()};
                    b.add(s.name(), Tensor.of(type, carrier, shape));
                }
                return b.build();
            };
        }
        if (sig.inputs().size() != 1 || sig.inputs().get(0).rank() != 2) {
            throw new InvalidInputException("", "a column per input " + sig.inputNames(), "columns " + header,
                    "cannot map the columns of " + data + " to the inputs of model '" + model.name() + "' "
                            + sig.inputs() + ": name a column after each input");
        }
        TensorSpec spec = sig.inputs().get(0);
        List<String> cols;
        if (features != null) {
            cols = features;
        } else {
            cols = new ArrayList<>(header);
            cols.removeAll(exclude);
            if (spec.dim(1) != TensorSpec.SYMBOLIC && cols.size() != spec.dim(1)) {
                List<String> withoutTargets = new ArrayList<>(cols);
                withoutTargets.removeIf(c -> TARGET_NAMES.contains(c.strip().toLowerCase(Locale.ROOT)));
                if (withoutTargets.size() == spec.dim(1)) {
                    cols = withoutTargets;
                }
            }
        }
        if (spec.dim(1) != TensorSpec.SYMBOLIC && cols.size() != spec.dim(1)) {
            throw new InvalidInputException(spec.name(), spec.dim(1) + " feature columns", cols.size() + " columns",
                    "input '" + spec.name() + "' of model '" + model.name() + "' takes " + spec.dim(1)
                            + " values per row, but " + cols.size() + " columns of " + data + " would feed it " + cols
                            + "; choose them with features(...) / --features or exclude(...) / --exclude");
        }
        int[] idx = new int[cols.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = header.indexOf(cols.get(i));
            if (idx[i] < 0) {
                throw new InvalidInputException(spec.name(), "column '" + cols.get(i) + "'", "header " + header,
                        data + " has no column '" + cols.get(i) + "'");
            }
        }
        List<String> colsFinal = cols;
        ElementType type = spec.elementType().orElseThrow();
        return (rows, firstLine, h) -> {
            List<Object> values = new ArrayList<>(rows.size() * idx.length);
            for (List<String> r : rows) {
                for (int i : idx) {
                    values.add(cell(r.get(i)));
                }
            }
            int w = idx.length;
            Object carrier = convert(type, values, i -> "line " + (firstLine + i / w) + ", column '" + colsFinal.get(i % w) + "'", spec.name());
            return Inputs.of(spec.name(), Tensor.of(type, carrier, rows.size(), w));
        };
    }

    private static Object cell(String s) {
        return s.isEmpty() ? null : s;
    }

    private static Object convert(ElementType type, List<Object> values, java.util.function.IntFunction<String> where, String input) {
        try {
            return ElementConversion.toCarrier(type, values, where);
        } catch (ElementConversion.ConversionException e) {
            throw new InvalidInputException(input, type.numpyName(), e.getMessage(), e.getMessage());
        }
    }

    private static List<String[]> columns(Outputs outputs, int rows, List<String> names) {
        List<String[]> cols = new ArrayList<>();
        for (Map.Entry<String, Object> e : outputs.asMap().entrySet()) {
            Object v = e.getValue();
            if (v instanceof Tensor && ((Tensor) v).rank() >= 1 && ((Tensor) v).dim(0) == rows) {
                Tensor t = (Tensor) v;
                int per = rows == 0 ? 0 : t.size() / rows;
                for (int k = 0; k < per; k++) {
                    names.add(per == 1 && t.rank() == 1 ? e.getKey() : e.getKey() + "_" + k);
                    String[] c = new String[rows];
                    for (int r = 0; r < rows; r++) {
                        c[r] = format(t.getObject(r * per + k));
                    }
                    cols.add(c);
                }
            } else if (v instanceof List && ((List<?>) v).size() == rows && !((List<?>) v).isEmpty()
                    && ((List<?>) v).get(0) instanceof Map) {
                List<?> l = (List<?>) v;
                TreeMap<String, Object> keys = new TreeMap<>();
                for (Object k : ((Map<?, ?>) l.get(0)).keySet()) {
                    keys.put(String.valueOf(k), k);
                }
                for (Map.Entry<String, Object> k : keys.entrySet()) {
                    names.add(e.getKey() + "_" + k.getKey());
                    String[] c = new String[rows];
                    for (int r = 0; r < rows; r++) {
                        c[r] = format(((Map<?, ?>) l.get(r)).get(k.getValue()));
                    }
                    cols.add(c);
                }
            }
            // outputs that are not one-per-row are not written
        }
        return cols;
    }

    private static String format(Object o) {
        if (o == null) {
            return "";
        }
        if (o instanceof String) {
            return quote((String) o);
        }
        return o.toString();
    }

    private static List<String> quoteAll(List<String> names) {
        List<String> q = new ArrayList<>(names.size());
        for (String n : names) {
            q.add(quote(n));
        }
        return q;
    }

    private static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** Splits one CSV line (double quotes, {@code ""} escapes). */
    static List<String> parseLine(String line, int lineNo) {
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

    /** Builds a {@link BatchScorer}. Not thread-safe. */
    public static final class Builder {
        private final LoadedModel model;
        private int chunkRows = 1024;
        private List<String> features;
        private Set<String> exclude = Set.of();
        private boolean keepInputColumns = true;
        private Consumer<Progress> progress;

        private Builder(LoadedModel model) {
            this.model = Objects.requireNonNull(model, "model");
        }

        /** Rows per model call (≥ 1; default 1024). */
        public Builder chunkRows(int rows) {
            if (rows < 1) {
                throw new IllegalArgumentException("chunkRows must be >= 1, given " + rows);
            }
            this.chunkRows = rows;
            return this;
        }

        /** The columns feeding a single {@code [batch, F]} input, in order. */
        public Builder features(List<String> columns) {
            this.features = List.copyOf(columns);
            return this;
        }

        /** Columns never fed to a single {@code [batch, F]} input. */
        public Builder exclude(String... columns) {
            this.exclude = Set.copyOf(Arrays.asList(columns));
            return this;
        }

        /** Whether the output repeats the input columns before the outputs (default true). */
        public Builder keepInputColumns(boolean keep) {
            this.keepInputColumns = keep;
            return this;
        }

        /** Called after every chunk, on the scoring thread. */
        public Builder progress(Consumer<Progress> listener) {
            this.progress = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The scorer. */
        public BatchScorer build() {
            return new BatchScorer(this);
        }
    }
}
