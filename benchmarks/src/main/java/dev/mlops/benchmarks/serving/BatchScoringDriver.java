package dev.mlops.benchmarks.serving;

import dev.mlops.serving.BatchScorer;
import dev.mlops.serving.LoadedModel;
import dev.mlops.serving.ModelOptions;
import dev.mlops.serving.Models;
import dev.mlops.serving.Tensor;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Batch scoring throughput (issue 10 item 8): generates a CSV of N rows × 30 features (+ target) in a temp directory,
 * then measures in one run, each as rows/s: (a) the model alone on [64, 30] batches; (b) reading the file line by line
 * (I/O); (c) reading and parsing every field to float (I/O + parsing, roughly what the scorer's reader does);
 * (d) {@link BatchScorer#scoreCsv} end to end (chunk 1024, outputs after the input columns).
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
                for (int trial = 1; trial <= 2; trial++) {
                    double raw = rawBatch64(model, 3);
                    double io = ioOnly(csv, rows);
                    double parse = parseOnly(csv, rows);
                    long t0 = System.nanoTime();
                    BatchScorer.Report rep = BatchScorer.builder(model).chunkRows(1024).build()
                            .scoreCsv(csv, dir.resolve("scored.csv"));
                    double scored = rep.rows() / ((System.nanoTime() - t0) / 1e9);
                    System.out.printf(Locale.ROOT, "trial %d | model batch-64 %.0f rows/s | read lines %.0f rows/s "
                                    + "| read+parse %.0f rows/s | scoreCsv %.0f rows/s | scoreCsv/model %.3f | parse/model %.3f%n",
                            trial, raw, io, parse, scored, scored / raw, parse / raw);
                    Files.deleteIfExists(dir.resolve("scored.csv"));
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

    private static double rawBatch64(LoadedModel model, double seconds) {
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
