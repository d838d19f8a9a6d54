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

    @Option(names = "--out", required = true, paramLabel = "OUT.csv", description = "Where to write the scored CSV or JSONL file.")
    Path out;

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
    public Integer call() {
        if (!Files.isRegularFile(data)) {
            throw new IllegalArgumentException("data file " + data + " does not exist");
        }
        PrintWriter err = spec.commandLine().getErr();
        boolean terminal = System.console() != null;
        try (LoadedModel m = Models.load(model)) {
            BatchScorer.Builder b = BatchScorer.builder(m).chunkRows(chunkRows).keepInputColumns(!outputsOnly)
                    .progress(p -> {
                        if (terminal) {
                            int width = 30;
                            int done = (int) Math.round(p.fractionDone() * width);
                            err.printf(Locale.ROOT, "\r[%s%s] %5.1f%% %,d rows, %,.0f rows/s, ETA %.0f s ",
                                    "#".repeat(done), " ".repeat(width - done), p.fractionDone() * 100, p.rowsDone(),
                                    p.rowsPerSecond(), p.secondsRemaining());
                        } else {
                            err.printf(Locale.ROOT, "scored %d rows (%.1f%%), %.0f rows/s, ETA %.0f s%n", p.rowsDone(),
                                    p.fractionDone() * 100, p.rowsPerSecond(), p.secondsRemaining());
                        }
                        err.flush();
                    });
            if (features != null) {
                b.features(features);
            }
            if (exclude != null) {
                b.exclude(exclude.toArray(new String[0]));
            }
            BatchScorer.Report r = b.build().scoreFile(data, BatchScorer.Format.ofFileName(data.toString()), out,
                    BatchScorer.Format.ofFileName(out.toString()));
            if (terminal) {
                err.println();
            }
            PrintWriter o = spec.commandLine().getOut();
            if (json) {
                ObjectNode n = JsonNodeFactory.instance.objectNode();
                n.put("model", model.toString());
                n.put("data", data.toString());
                n.put("out", out.toString());
                n.put("rows", r.rows());
                n.put("seconds", r.seconds());
                n.put("rows_per_second", r.rowsPerSecond());
                TensorJson.write(n, o);
            } else {
                o.printf(Locale.ROOT, "scored %d rows of %s into %s in %.2f s (%.0f rows/s)%n", r.rows(), data, out,
                        r.seconds(), r.rowsPerSecond());
            }
            o.flush();
        }
        return 0;
    }
}
