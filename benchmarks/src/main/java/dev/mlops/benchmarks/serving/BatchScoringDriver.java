package dev.mlops.benchmarks.serving;

import dev.mlops.serving.scoring.BatchScorer;
import dev.mlops.serving.LoadedModel;
import dev.mlops.serving.ModelOptions;
import dev.mlops.serving.Models;
import dev.mlops.serving.Tensor;
import dev.mlops.serving.ElementType;
import dev.mlops.serving.internal.CsvChunkParser;
import dev.mlops.serving.internal.CsvChunkReader;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Batch scoring throughput (issue 10 item 8): generates a CSV of N rows × 30 features (+ target) in a temp directory,
 * then measures in one run, each as rows/s: (a) the model alone on [64, 30] batches; (b) reading the file line by line
 * (I/O); (c) reading and parsing every field to float (I/O + parsing, roughly what the scorer's reader does);
 * (d) the scorer's byte reader and parser alone ({@code CsvChunkReader} + {@code CsvChunkParser}, one thread);
 * (e) {@link BatchScorer#scoreCsv} end to end (chunk 1024, outputs after the input columns); (f) the same with the
 * outputs alone; (g) (e) with one worker thread. Each trial measures all of them; ratios are to (a) in the same trial.
 * Each figure also gets the process CPU time per row (all threads, GC and JIT included), which the other programs on a
 * shared machine do not inflate the way they inflate wall time. System properties: {@code trials} (default 3), {@code threads} (scorer threads for (e) and (f), default the
 * available processors, at most 4).
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar -Dmlops.fixtures=/work/shared/fixtures
 * dev.mlops.benchmarks.serving.BatchScoringDriver [rows]}.
 */
public final class BatchScoringDriver {
    private BatchScoringDriver() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = Files.createTempDirectory("mlops-scoring-bench");
        try {
            Path csv = dir.resolve("data.csv");
            generate(csv, rows);
            System.out.printf(Locale.ROOT, "generated %,d rows, %,d bytes%n", rows, Files.size(csv));
            Path file = PredictBenchmark.fixtures().resolve("models").resolve("breast_cancer_mlp_v1.onnx");
            try (LoadedModel model = Models.load(file, ModelOptions.builder().intraOpThreads(1).build())) {
                int trials = Integer.getInteger("trials", 3);
                int threads = Integer.getInteger("threads", Math.min(4, Runtime.getRuntime().availableProcessors()));
                String[] names = {"model batch-64", "read lines", "read+parse (String)", "parse (bytes)",
                        "scoreCsv with inputs", "scoreCsv outputs alone", "scoreCsv with inputs, 1 thread"};
                double[][] rate = new double[names.length][trials];
                double[][] cpu = new double[names.length][trials];
                for (int trial = 0; trial < trials; trial++) {
                    long[] rowsDone = new long[1];
                    long c = cpuNanos();
                    rate[0][trial] = rawBatch64(model, 3, rowsDone);
                    cpu[0][trial] = (cpuNanos() - c) / (double) rowsDone[0];
                    c = cpuNanos();
                    rate[1][trial] = ioOnly(csv, rows);
                    cpu[1][trial] = (cpuNanos() - c) / (double) rows;
                    c = cpuNanos();
                    rate[2][trial] = parseOnly(csv, rows);
                    cpu[2][trial] = (cpuNanos() - c) / (double) rows;
                    c = cpuNanos();
                    rate[3][trial] = byteParseOnly(csv);
                    cpu[3][trial] = (cpuNanos() - c) / (double) rows;
                    c = cpuNanos();
                    rate[4][trial] = score(model, csv, dir, true, threads);
                    cpu[4][trial] = (cpuNanos() - c) / (double) rows;
                    c = cpuNanos();
                    rate[5][trial] = score(model, csv, dir, false, threads);
                    cpu[5][trial] = (cpuNanos() - c) / (double) rows;
                    c = cpuNanos();
                    rate[6][trial] = score(model, csv, dir, true, 1);
                    cpu[6][trial] = (cpuNanos() - c) / (double) rows;
                    StringBuilder line = new StringBuilder("trial " + (trial + 1));
                    for (int k = 0; k < names.length; k++) {
                        line.append(String.format(Locale.ROOT, " | %s %.0f rows/s (%.3f) %.0f cpu-ns/row", names[k],
                                rate[k][trial], rate[k][trial] / rate[0][trial], cpu[k][trial]));
                    }
                    System.out.println(line);
                }
                System.out.printf(Locale.ROOT, "medians over %d trials (%d scorer threads; ratio = median of per-trial "
                        + "ratios to model batch-64 in the same trial):%n", trials, threads);
                for (int k = 0; k < names.length; k++) {
                    double[] ratios = new double[trials];
                    for (int t = 0; t < trials; t++) {
                        ratios[t] = rate[k][t] / rate[0][t];
                    }
                    System.out.printf(Locale.ROOT, "  %-32s %,12.0f rows/s  %.3f x model  %,6.0f cpu-ns/row%n",
                            names[k], median(rate[k]), median(ratios), median(cpu[k]));
                }
            }
        } finally {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double score(LoadedModel model, Path csv, Path dir, boolean keepInputs, int threads)
            throws IOException {
        Path out = dir.resolve("scored.csv");
        long t0 = System.nanoTime();
        BatchScorer.Report rep = BatchScorer.builder(model).chunkRows(1024).keepInputColumns(keepInputs)
                .threads(threads).build().scoreCsv(csv, out);
        double r = rep.rows() / ((System.nanoTime() - t0) / 1e9);
        Files.deleteIfExists(out);
        return r;
    }

    /** The scorer's own byte path without the model: read blocks of lines and parse the 30 features into float[]. */
    private static double byteParseOnly(Path csv) throws IOException {
        long t0 = System.nanoTime();
        long n = 0;
        double sink = 0;
        try (InputStream in = Files.newInputStream(csv)) {
            CsvChunkReader reader = new CsvChunkReader(in, 1024);
            String[] header = new String(reader.header(), StandardCharsets.UTF_8).split(",");
            int[] cols = new int[30];
            for (int k = 0; k < 30; k++) {
                cols[k] = k;
            }
            CsvChunkParser parser = new CsvChunkParser(List.of(header),
                    List.of(new CsvChunkParser.Target("x", ElementType.FLOAT, cols, true, 2)), csv.toString(),
                    (line, no) -> new ArrayList<>(List.of(line.split(",", -1))));
            for (CsvChunkReader.Chunk c; (c = reader.next()) != null; ) {
                sink += parser.parse(c).get("x").floatData()[0];
                n += c.rows();
            }
        }
        if (sink == 42) {
            System.out.print("");
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    private static void generate(Path csv, int rows) throws IOException {
        SplittableRandom r = new SplittableRandom(1);
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            for (int k = 0; k < 30; k++) {
                w.write("f" + k + ",");
            }
            w.write("target\n");
            StringBuilder sb = new StringBuilder(512);
            for (int i = 0; i < rows; i++) {
                sb.setLength(0);
                for (int k = 0; k < 30; k++) {
                    sb.append(String.format(Locale.ROOT, "%.4f", r.nextGaussian() * 10 + 15)).append(',');
                }
                sb.append(r.nextInt(2)).append('\n');
                w.write(sb.toString());
            }
        }
    }

    /** CPU time of the whole JVM process (all threads, including GC and JIT). */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double rawBatch64(LoadedModel model, double seconds, long[] rowsDone) {
        float[] data = new float[64 * 30];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (r.nextGaussian() * 10 + 15);
        }
        Tensor batch = Tensor.ofFloats(data, 64, 30);
        for (int i = 0; i < 2000; i++) {
            model.predict(batch);
        }
        long calls = 0;
        long t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            model.predict(batch);
            calls++;
        }
        rowsDone[0] = calls * 64 + 2000 * 64;
        return calls * 64 / ((System.nanoTime() - t0) / 1e9);
    }

    private static double ioOnly(Path csv, int rows) throws IOException {
        long t0 = System.nanoTime();
        long n = 0;
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            in.readLine();
            while (in.readLine() != null) {
                n++;
            }
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    private static double parseOnly(Path csv, int rows) throws IOException {
        long t0 = System.nanoTime();
        long n = 0;
        double sink = 0;
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            in.readLine();
            String line;
            while ((line = in.readLine()) != null) {
                int from = 0;
                for (int k = 0; k < 30; k++) {
                    int comma = line.indexOf(',', from);
                    sink += Float.parseFloat(line.substring(from, comma));
                    from = comma + 1;
                }
                n++;
            }
        }
        if (sink == 42) {
            System.out.print("");
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }
}
