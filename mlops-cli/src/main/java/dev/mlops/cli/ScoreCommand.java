package dev.mlops.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.serving.scoring.BatchScorer;
import dev.mlops.serving.LoadedModel;
import dev.mlops.serving.Models;
import dev.mlops.serving.TensorJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code mlops score --model MODEL.onnx --data DATA.csv --out OUT.csv}: batch scoring of a CSV or JSONL file, streamed in
 * chunks, with a progress bar on a terminal and plain progress lines otherwise (on stderr). Not thread-safe.
 */
@Command(name = "score",
        mixinStandardHelpOptions = true,
        description = "Score a CSV or JSONL file with an ONNX model, streaming it in chunks.",
        footer = {"", "Columns feed inputs by name; a model with one [batch, F] input takes F columns (all but"
                + " --exclude and a column named target/label/class/y), or exactly those of --features.",
                "A .jsonl/.ndjson file is read or written as JSON Lines (one object per line), any other as CSV.",
                "", "Example:", "  bin/mlops score --model model.onnx --data data.csv --out scored.csv"})
final class ScoreCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "MODEL.onnx", description = "The ONNX model file.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "DATA.csv", description = "The CSV (header row) or JSONL file to score.")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "OUT.csv",
            description = "Where to write the scored CSV or JSONL file (written beside it under a temporary name and"
                    + " renamed when complete); '-' writes CSV to stdout and the summary to stderr.")
    String out;

    @Option(names = "--chunk-rows", defaultValue = "1024", description = "Rows per model call (default ${DEFAULT-VALUE}).")
    int chunkRows;

    @Option(names = "--features", split = ",", paramLabel = "COL", description = "Columns feeding a one-input model, in order.")
    List<String> features;

    @Option(names = "--exclude", split = ",", paramLabel = "COL", description = "Columns never fed to a one-input model.")
    List<String> exclude;

    @Option(names = "--outputs-only", description = "Write only the output columns, not the input columns before them.")
    boolean outputsOnly;

    @Option(names = "--json", description = "Print a JSON report on stdout.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        InputFiles.requireTextFile("--data", data, "a CSV (header row) or JSONL file");
        InputFiles.requireReadableFile("--model", model, "an ONNX model file");
        boolean toStdout = out.equals("-");
        Path outPath = toStdout ? null : Path.of(out);
        if (outPath != null) {
            InputFiles.requireWritableTarget("--out", outPath);
            if (InputFiles.sameFile(data, outPath)) {
                throw new IllegalArgumentException("--out " + out + " is the same file as --data " + data
                        + " (scoring would overwrite its input); choose another --out, e.g. --out "
                        + sibling(data, "-scored"));
            }
        }
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        ProgressPrinter progress = new ProgressPrinter(err, System.console() != null && !toStdout, System::nanoTime,
                ProgressPrinter.DEFAULT_INTERVAL_NANOS);
        try (LoadedModel m = Models.load(model)) {
            BatchScorer.Builder b = BatchScorer.builder(m).chunkRows(chunkRows).keepInputColumns(!outputsOnly)
                    .progress(progress::onProgress);
            if (features != null) {
                b.features(features);
            }
            if (exclude != null) {
                b.exclude(exclude.toArray(new String[0]));
            }
            BatchScorer scorer = b.build();
            BatchScorer.Format inFormat = BatchScorer.Format.ofFileName(data.toString());
            BatchScorer.Report r;
            if (toStdout) {
                try (java.io.InputStream in = Files.newInputStream(data)) {
                    r = scorer.score(in, Files.size(data), inFormat, stdout, BatchScorer.Format.CSV, data.toString());
                }
            } else {
                try (AtomicOutput target = new AtomicOutput(outPath, scorer, err)) {
                    r = scorer.scoreFile(data, inFormat, target.temporary(),
                            BatchScorer.Format.ofFileName(outPath.toString()));
                    if (r.cancelled()) {
                        throw new IllegalStateException("scoring of " + data + " was interrupted after " + r.rows()
                                + " rows; " + out + " was not written");
                    }
                    target.commit();
                }
            }
            progress.finish(r);
            PrintWriter report = toStdout ? err : stdout;
            if (json) {
                ObjectNode n = JsonNodeFactory.instance.objectNode();
                n.put("model", model.toString());
                n.put("data", data.toString());
                n.put("out", out);
                n.put("rows", r.rows());
                n.put("seconds", r.seconds());
                n.put("rows_per_second", r.rowsPerSecond());
                TensorJson.write(n, report);
            } else {
                report.printf(Locale.ROOT, "scored %d rows of %s into %s in %.2f s (%.0f rows/s)%n", r.rows(), data,
                        toStdout ? "stdout" : out, r.seconds(), r.rowsPerSecond());
            }
            report.flush();
        }
        return 0;
    }

    /** {@code dir/name-suffix.ext} beside {@code file}. */
    static Path sibling(Path file, String suffix) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String scored = dot > 0 ? name.substring(0, dot) + suffix + name.substring(dot) : name + suffix;
        return file.resolveSibling(scored);
    }
}
