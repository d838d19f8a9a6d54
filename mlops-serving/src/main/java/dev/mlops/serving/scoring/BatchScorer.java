package dev.mlops.serving.scoring;

import dev.mlops.serving.scoring.OutputColumns.ByteLines;
import dev.mlops.serving.scoring.OutputColumns.OutputColumn;
import dev.mlops.serving.scoring.Rows.CsvSink;
import dev.mlops.serving.scoring.Rows.CsvSource;
import dev.mlops.serving.scoring.Rows.JsonlSink;
import dev.mlops.serving.scoring.Rows.JsonlSource;
import dev.mlops.serving.scoring.Rows.Row;
import dev.mlops.serving.scoring.Rows.RowSink;
import dev.mlops.serving.scoring.Rows.RowSource;
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
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.registry.dataset.CsvDialect;
import dev.mlops.registry.dataset.DatasetFile;
import dev.mlops.registry.dataset.DatasetFiles;
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
 * <p>CSV: the library's one dialect, {@link CsvDialect#standard()}: a header row; comma-separated; fields may be
 * double-quoted (with {@code ""} for a quote) and then hold commas and line ends; a UTF-8 byte-order mark,
 * {@code \r\n} line ends and blank lines are fine. A missing value as the dialect defines it (an empty field,
 * {@code NA}, {@code N/A}, {@code NaN}, {@code null}, {@code None}, ignoring case and surrounding spaces) is rejected
 * by numeric inputs with the line and column named. Text converts as {@link Float#parseFloat} (float32),
 * {@link Double#parseDouble} (float64) or exactly to an integer, plus {@code inf}/{@code nan} spellings.
 *
 * <p>CSV to CSV runs on bytes in a pipeline: a reader thread cuts the input into chunks of whole lines, {@link
 * Builder#threads(int)} workers parse each chunk straight from its bytes into the input arrays, run the model and
 * format the output lines (input lines copied as bytes, floats in their shortest round-trip form), and the calling
 * thread writes the chunks in input order and reports progress. At most {@code threads + 2} chunks are in flight. The
 * first error in line order is thrown and later chunks are discarded; every thread (daemon, named
 * {@code mlops-scorer-<job>-…}) has ended when a {@code score…} method returns or throws. JSONL input or output takes
 * the general path (one thread, one row at a time).
 */
public final class BatchScorer {
    private static final Set<String> TARGET_NAMES = Set.of("target", "label", "class", "y");
    private static final CsvDialect DIALECT = CsvDialect.standard();

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
    private final String versionColumn;
    private final Consumer<Progress> progress;
    private final int threads;
    /** The standard dialect, or it with the builder's missing-value spellings. */
    private final CsvDialect dialect;
    private final AtomicBoolean cancelled = new AtomicBoolean();

    private BatchScorer(Builder b) {
        this.threads = b.threads;
        this.model = b.model;
        this.chunkRows = b.chunkRows;
        this.features = b.features;
        this.exclude = b.exclude;
        this.keepInputColumns = b.keepInputColumns;
        this.versionColumn = b.versionColumn;
        this.progress = b.progress;
        this.dialect = b.dialect;
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
     * Scores the CSV file {@code data} into the CSV file {@code out}.
     *
     * @throws InvalidInputException naming the line and column of a missing or unparseable value, or the mapping problem
     * @throws UncheckedIOException  on I/O errors
     */
    public Report scoreCsv(Path data, Path out) {
        return scoreFile(data, Format.CSV, out, Format.CSV);
    }

    /**
     * Scores the JSONL file {@code data} (one JSON object per line, fields mapped to inputs by name as CSV columns
     * are) into the JSONL file {@code out}: each output line is the input object (when input columns are kept)
     * followed by the output fields, numbers as JSON numbers.
     *
     * @throws InvalidInputException naming the line and field of a missing or unparseable value, or a line that is not
     *                               a JSON object
     * @throws UncheckedIOException  on I/O errors
     */
    public Report scoreJsonl(Path data, Path out) {
        return scoreFile(data, Format.JSONL, out, Format.JSONL);
    }

    /**
     * Scores {@code data} in format {@code inFormat} into {@code out} in format {@code outFormat} (CSV in and JSONL
     * out, or the reverse, are fine).
     *
     * @throws InvalidInputException naming the line and column of a missing or unparseable value, or the mapping problem
     * @throws UncheckedIOException  on I/O errors
     */
    public Report scoreFile(Path data, Format inFormat, Path out, Format outFormat) {
        Objects.requireNonNull(inFormat, "inFormat");
        Objects.requireNonNull(outFormat, "outFormat");
        long totalBytes;
        try {
            totalBytes = Files.size(data);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + data + ": " + e.getMessage(), e);
        }
        try (InputStream in = Files.newInputStream(data);
             OutputStream os = Files.newOutputStream(out)) {
            if (inFormat == Format.CSV && outFormat == Format.CSV) {
                return scoreCsvBytes(in, totalBytes, (b, len) -> os.write(b, 0, len), data.toString());
            }
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16);
            Report report = score(in, totalBytes, inFormat, w, outFormat, data.toString());
            w.flush();
            return report;
        } catch (IOException e) {
            throw new UncheckedIOException("scoring " + data + " into " + out + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Scores the stream {@code data} (UTF-8, format {@code inFormat}, about {@code totalBytes} long for progress; 0 if
     * unknown) into {@code out} in format {@code outFormat}. Neither stream is closed.
     *
     * @param source names the data in error messages
     * @throws InvalidInputException naming the line and column of a missing or unparseable value, or the mapping problem
     * @throws UncheckedIOException  on I/O errors
     */
    public Report score(InputStream data, long totalBytes, Format inFormat, Writer out, Format outFormat, String source) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(inFormat, "inFormat");
        Objects.requireNonNull(outFormat, "outFormat");
        Objects.requireNonNull(source, "source");
        try {
            if (inFormat == Format.CSV && outFormat == Format.CSV) {
                Report report = scoreCsvBytes(data, totalBytes,
                        (b, len) -> out.write(new String(b, 0, len, StandardCharsets.UTF_8)), source);
                out.flush();
                return report;
            }
            RowSource rows = inFormat == Format.CSV ? new CsvSource(data, source, dialect)
                    : new JsonlSource(new BufferedReader(new InputStreamReader(data, StandardCharsets.UTF_8), 1 << 16), source);
            RowSink sink = outFormat == Format.CSV ? new CsvSink(out, keepInputColumns) : new JsonlSink(out, keepInputColumns);
            Report report = run(rows, totalBytes, sink, source);
            out.flush();
            return report;
        } catch (IOException e) {
            throw new UncheckedIOException("scoring " + source + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Scores version {@code number} of registry data set {@code dataset} (a single CSV or JSONL file, read through
     * the registry's verifying stream so corrupted bytes fail the job) into {@code out} in {@code outFormat}.
     *
     * @throws dev.mlops.registry.spi.NotFoundException if the data set version does not exist
     * @throws InvalidInputException                if the version is not a single CSV/JSONL file, or a value is bad
     */
    public Report scoreDataset(Registry registry, String dataset, int number, Writer out, Format outFormat) {
        Objects.requireNonNull(registry, "registry");
        DatasetFile file = singleFile(registry, dataset, number);
        String source = "data set " + dataset + ":" + number + " (" + file.path() + ")";
        try (InputStream in = registry.openBlob(file.digest())) {
            return score(in, file.size(), Format.ofFileName(file.path()), out, outFormat, source);
        } catch (IOException e) {
            throw new UncheckedIOException("scoring " + source + " failed: " + e.getMessage(), e);
        }
    }

    /** The {@link dev.mlops.registry.dataset.DatasetLineage#transform() transform} {@link #scoreDatasetInto} records. */
    public static final String LINEAGE_TRANSFORM = "batch scoring";

    /**
     * Scores version {@code number} of registry data set {@code dataset} and stores the output (in the input's format)
     * as the next version of data set {@code outputDataset}, with a structured
     * {@link dev.mlops.registry.dataset.DatasetLineage lineage}: derived from {@code dataset:number}, produced by model version
     * {@code modelVersion}, transform {@value #LINEAGE_TRANSFORM} (so {@link dev.mlops.registry.Datasets#outputsOf} and
     * {@link dev.mlops.registry.Datasets#derivatives} find it). The description repeats it for people, in the form
     * {@code scored by model <modelVersion> from data set <dataset>:<number>}.
     *
     * @param modelVersion the registry model version this scorer's model was loaded from, as {@code name:version}
     *                     (what {@link Models#load(Registry, String, int)} names the model); it must exist
     * @param actor        who adds the new version
     * @return the stored output version and the job report
     * @throws IllegalArgumentException                 when {@code modelVersion} is not {@code name:version}
     * @throws dev.mlops.registry.spi.NotFoundException when the model version does not exist (checked before scoring)
     */
    public DatasetScoring scoreDatasetInto(Registry registry, String dataset, int number, String modelVersion,
                                           String outputDataset, String actor) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(outputDataset, "outputDataset");
        Objects.requireNonNull(actor, "actor");
        ModelVersionRef producer = ModelVersionRef.parse(modelVersion);
        registry.version(producer.model(), producer.version()); // fails now rather than after the whole job
        DatasetFile file = singleFile(registry, dataset, number);
        Format format = Format.ofFileName(file.path());
        String fileName = file.path().substring(file.path().lastIndexOf('/') + 1);
        Path dir = null;
        try {
            dir = Files.createTempDirectory("mlops-scoring");
            Path tmp = dir.resolve(fileName);
            Report report;
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                report = scoreDataset(registry, dataset, number, w, format);
            }
            if (report.cancelled()) {
                throw new IllegalStateException("scoring of data set " + dataset + ":" + number
                        + " was cancelled after " + report.rows() + " rows; nothing stored");
            }
            DatasetVersion stored = registry.datasets().add(outputDataset).path(tmp)
                    .description(lineageDescription(modelVersion, dataset, number)).derivedFrom(dataset, number)
                    .producedBy(producer.model(), producer.version()).transform(LINEAGE_TRANSFORM).by(actor).commit();
            return new DatasetScoring(stored, report);
        } catch (IOException e) {
            throw new UncheckedIOException("scoring data set " + dataset + ":" + number + " failed: " + e.getMessage(), e);
        } finally {
            deleteQuietly(dir);
        }
    }

    /** The description {@link #scoreDatasetInto} gives the output version (its lineage). */
    public static String lineageDescription(String modelVersion, String dataset, int number) {
        return "scored by model " + modelVersion + " from data set " + dataset + ":" + number;
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a leftover temp file is harmless
        }
    }

    private static DatasetFile singleFile(Registry registry, String dataset, int number) {
        return DatasetFiles.of(dataset, number, registry.datasets().files(dataset, number)).single(List.of(),
                files -> new InvalidInputException("", "a single CSV or JSONL file", files.size() + " files",
                        "data set " + dataset + ":" + number + " holds " + files.size()
                                + " files; batch scoring reads a version that is one CSV or JSONL file"));
    }

    private Report run(RowSource src, long totalBytes, RowSink sink, String source) throws IOException {
        long start = System.nanoTime();
        long rows = 0;
        long chunks = 0;
        List<String> header = src.header();
        Mapping mapping = map(header, source);
        boolean headerWritten = false;
        List<Row> chunk = new ArrayList<>(chunkRows);
        List<List<String>> cells = new ArrayList<>(chunkRows);
        int[] lines = new int[chunkRows];
        for (;;) {
            Row row = src.next();
            if (row != null) {
                lines[chunk.size()] = row.line();
                chunk.add(row);
                cells.add(row.cells());
            }
            if (chunk.size() == chunkRows || (row == null && !chunk.isEmpty())) {
                Outputs outputs = model.predict(mapping.inputs(cells, lines, header));
                List<OutputColumn> outCols = OutputColumns.outputColumns(outputs, chunk.size(), versionColumn);
                if (!headerWritten) {
                    sink.header(src, OutputColumns.names(outCols));
                    headerWritten = true;
                }
                for (int r = 0; r < chunk.size(); r++) {
                    sink.row(chunk.get(r), outCols, r);
                }
                rows += chunk.size();
                chunks++;
                chunk.clear();
                cells.clear();
                if (progress != null) {
                    double secs = (System.nanoTime() - start) / 1e9;
                    double rate = secs > 0 ? rows / secs : 0;
                    double fraction = totalBytes > 0 ? Math.min(1.0, (double) src.bytesRead() / totalBytes) : 1.0;
                    double remaining = fraction > 0 ? secs * (1 - fraction) / fraction : Double.NaN;
                    progress.accept(new Progress(rows, rate, fraction, remaining));
                }
                if (cancelled.get()) {
                    break;
                }
            }
            if (row == null) {
                break;
            }
        }
        if (!headerWritten) {
            sink.header(src, List.of());
        }
        double secs = (System.nanoTime() - start) / 1e9;
        return new Report(rows, chunks, secs, secs > 0 ? rows / secs : 0, cancelled.get());
    }

    /** The file formats batch scoring reads and writes. */
    public enum Format {
        /** Comma-separated values with a header row. */
        CSV,
        /** One JSON object per line (JSON Lines). */
        JSONL;

        /** JSONL for names ending in {@code .jsonl}, {@code .ndjson} or {@code .json}, else CSV. */
        public static Format ofFileName(String name) {
            String n = name.toLowerCase(Locale.ROOT);
            return n.endsWith(".jsonl") || n.endsWith(".ndjson") || n.endsWith(".json") ? JSONL : CSV;
        }
    }

    /**
     * A data set version scored and stored by {@link #scoreDatasetInto}.
     *
     * @param output the new data set version holding the outputs
     * @param report what the job did
     */
    public record DatasetScoring(DatasetVersion output, Report report) {
    }


    /** How columns feed inputs. */
    private interface Mapping {
        Inputs inputs(List<List<String>> rows, int[] lines, List<String> header);
    }

    private Mapping map(List<String> header, String data) {
        List<CsvChunkParser.Target> targets = plan(header, data);
        return (rows, lines, h) -> {
            Inputs.Builder b = Inputs.builder();
            for (CsvChunkParser.Target t : targets) {
                int[] cols = t.columns();
                if (t.type() == ElementType.FLOAT) {
                    float[] fast = parseFloats(rows, cols);
                    if (fast != null) {
                        b.add(t.input(), Tensor.of(t.type(), fast, t.shape(rows.size())));
                        continue;
                    }
                    // a missing or unusual value: the general conversion below names it (or accepts "inf", "nan" …)
                }
                List<Object> values = new ArrayList<>(rows.size() * cols.length);
                for (List<String> r : rows) {
                    for (int i : cols) {
                        values.add(Rows.cell(r.get(i)));
                    }
                }
                int w = cols.length;
                Object carrier = convert(t.type(), values,
                        i -> "line " + lines[i / w] + ", column '" + h.get(cols[i % w]) + "'", t.input());
                b.add(t.input(), Tensor.of(t.type(), carrier, t.shape(rows.size())));
            }
            return b.build();
        };
    }

    /** Which columns feed which inputs (see the class comment), or the mapping error. */
    private List<CsvChunkParser.Target> plan(List<String> header, String data) {
        Signature sig = model.signature();
        boolean allNamed = true;
        for (TensorSpec s : sig.inputs()) {
            allNamed &= header.contains(s.name());
        }
        if (allNamed && features == null) {
            List<CsvChunkParser.Target> targets = new ArrayList<>();
            for (TensorSpec s : sig.inputs()) {
                targets.add(new CsvChunkParser.Target(s.name(), s.elementType().orElseThrow(),
                        new int[]{header.indexOf(s.name())}, false, s.rank()));
            }
            return targets;
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
        return List.of(new CsvChunkParser.Target(spec.name(), spec.elementType().orElseThrow(), idx, true, 2));
    }

    /**
     * The float32 fast path of the general (JSONL) path: every cell parsed as the general conversion would
     * ({@link Float#parseFloat}), with no boxing; null when a cell is missing or does not parse, so that the general
     * path reports or converts it.
     */
    private static float[] parseFloats(List<List<String>> rows, int[] idx) {
        float[] out = new float[rows.size() * idx.length];
        int k = 0;
        for (List<String> r : rows) {
            for (int i : idx) {
                String c = r.get(i);
                if (c == null || c.isEmpty()) {
                    return null;
                }
                try {
                    out[k++] = Float.parseFloat(c);
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return out;
    }

    // ---- CSV to CSV on bytes: a reader thread cuts blocks of lines, workers parse + predict + format them, the
    // ---- calling thread writes the results in order.

    /** Where the byte pipeline writes: {@code b[0, len)} is whole output lines in UTF-8. */
    @FunctionalInterface
    private interface ByteOutput {
        void write(byte[] b, int len) throws IOException;
    }

    /** One scored chunk, formatted. */
    private record ScoredChunk(byte[] bytes, int length, int rows, List<String> outNames, long endOffset) {
    }

    private Report scoreCsvBytes(InputStream data, long totalBytes, ByteOutput out, String source) throws IOException {
        long start = System.nanoTime();
        CsvChunkReader reader = new CsvChunkReader(data, chunkRows);
        byte[] rawHeader = reader.header();
        if (rawHeader == null) {
            throw new InvalidInputException("", "a header row", "an empty file", source + " is empty; expected a CSV header row");
        }
        String headerLine = new String(rawHeader, StandardCharsets.UTF_8);
        List<String> header = Rows.parseLine(headerLine, 1);
        CsvChunkParser parser = new CsvChunkParser(header, plan(header, source), source, Rows::parseLine, dialect);
        long[] done = new long[2]; // rows, chunks
        boolean[] headerWritten = new boolean[1];
        OrderedPipeline.run("mlops-scorer", threads, threads + 2, reader::next, chunk -> {
            Outputs outputs = model.predict(parser.parse(chunk));
            return format(chunk, outputs);
        }, scored -> {
            if (!headerWritten[0]) {
                writeCsvHeader(out, rawHeader, scored.outNames());
                headerWritten[0] = true;
            }
            out.write(scored.bytes(), scored.length());
            done[0] += scored.rows();
            done[1]++;
            if (progress != null) {
                double secs = (System.nanoTime() - start) / 1e9;
                double rate = secs > 0 ? done[0] / secs : 0;
                double fraction = totalBytes > 0 ? Math.min(1.0, (double) scored.endOffset() / totalBytes) : 1.0;
                double remaining = fraction > 0 ? secs * (1 - fraction) / fraction : Double.NaN;
                progress.accept(new Progress(done[0], rate, fraction, remaining));
            }
            return !cancelled.get();
        });
        if (!headerWritten[0]) {
            writeCsvHeader(out, rawHeader, List.of());
        }
        double secs = (System.nanoTime() - start) / 1e9;
        return new Report(done[0], done[1], secs, secs > 0 ? done[0] / secs : 0, cancelled.get());
    }

    private void writeCsvHeader(ByteOutput out, byte[] rawHeader, List<String> outNames) throws IOException {
        List<String> cols = new ArrayList<>();
        if (keepInputColumns) {
            cols.add(new String(rawHeader, StandardCharsets.UTF_8));
        }
        cols.addAll(Rows.quoteAll(outNames));
        byte[] line = (String.join(",", cols) + "\n").getBytes(StandardCharsets.UTF_8);
        out.write(line, line.length);
    }

    /** The output lines of a chunk: the input line's bytes (if kept), then the outputs, comma-separated. */
    private ScoredChunk format(CsvChunkReader.Chunk chunk, Outputs outputs) {
        int rows = chunk.rows();
        List<OutputColumn> cols = OutputColumns.outputColumns(outputs, rows, versionColumn);
        byte[] in = chunk.data();
        int inputBytes = chunk.end()[rows - 1] - chunk.start()[0];
        ByteLines buf = new ByteLines((keepInputColumns ? inputBytes : 0) + rows * (cols.size() * 12 + 1));
        for (int r = 0; r < rows; r++) {
            boolean first = true;
            if (keepInputColumns) {
                buf.append(in, chunk.start()[r], chunk.end()[r]);
                first = false;
            }
            for (OutputColumn c : cols) {
                if (!first) {
                    buf.append((byte) ',');
                }
                first = false;
                c.csv().write(r, buf);
            }
            buf.append((byte) '\n');
        }
        return new ScoredChunk(buf.bytes(), buf.length(), rows, OutputColumns.names(cols), chunk.endOffset());
    }



    private static Object convert(ElementType type, List<Object> values, java.util.function.IntFunction<String> where, String input) {
        try {
            return ElementConversion.toCarrier(type, values, where);
        } catch (ElementConversion.ConversionException e) {
            throw new InvalidInputException(input, type.numpyName(), e.getMessage(), e.getMessage());
        }
    }


    /** Builds a {@link BatchScorer}. Not thread-safe. */
    public static final class Builder {
        private final LoadedModel model;
        private int chunkRows = 1024;
        private List<String> features;
        private Set<String> exclude = Set.of();
        private boolean keepInputColumns = true;
        private String versionColumn;
        private Consumer<Progress> progress;
        private int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        private CsvDialect dialect = DIALECT;

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

        /**
         * Adds an output column named {@code column} (last) that says which model version scored each row:
         * {@code model:version} for models from a registry (e.g. {@code fraud:2}), else the model's name.
         */
        public Builder versionColumn(String column) {
            Objects.requireNonNull(column, "column");
            if (column.isBlank()) {
                throw new IllegalArgumentException("versionColumn must not be blank");
            }
            this.versionColumn = column;
            return this;
        }

        /** Whether the output repeats the input columns before the outputs (default true). */
        public Builder keepInputColumns(boolean keep) {
            this.keepInputColumns = keep;
            return this;
        }

        /**
         * Threads that parse, predict and format chunks in parallel for CSV input and output (≥ 1; default: the
         * available processors, at most 4). Output order is the input order whatever the number. Memory: at most
         * {@code threads + 2} chunks of {@link #chunkRows(int)} rows (their input bytes, input arrays and output
         * lines) at a time.
         */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, given " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * The spellings (besides an empty field) of a missing value in CSV input, instead of
         * {@link CsvDialect#standard()}'s {@code NA}, {@code N/A}, {@code NaN}, {@code null}, {@code None}; compared
         * ignoring case and surrounding white space. E.g. {@code missingValues("NA", "N/A", "null", "None")} lets
         * float inputs read {@code NaN} as NaN; {@code missingValues()} leaves only empty fields missing.
         *
         * @throws IllegalArgumentException as {@link CsvDialect#withMissingValues} does
         */
        public Builder missingValues(String... spellings) {
            this.dialect = DIALECT.withMissingValues(spellings);
            return this;
        }

        /** Called after every chunk, on the scoring thread (the thread that called a {@code score…} method). */
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
