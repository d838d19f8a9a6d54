package dev.mlops.cli;

import dev.mlops.serving.scoring.BatchScorer;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of a batch job on stderr: a bar redrawn in place on a terminal; otherwise (a log file, a CI job) plain
 * lines, the first at the first chunk and then at most one every {@code intervalNanos}, so a 100-million-row job
 * writes a few hundred lines, not a hundred thousand. {@link #finish} prints the final summary. Not thread-safe: the
 * scorer calls it from one thread.
 */
final class ProgressPrinter {
    /** Plain progress lines are at least this far apart by default. */
    static final long DEFAULT_INTERVAL_NANOS = 5_000_000_000L;

    private final PrintWriter err;
    private final boolean terminal;
    private final LongSupplier nanoTime;
    private final long intervalNanos;
    private long lastLine = Long.MIN_VALUE;
    private boolean printedAny;
    private long lastRows = -1;

    ProgressPrinter(PrintWriter err, boolean terminal, LongSupplier nanoTime, long intervalNanos) {
        this.err = err;
        this.terminal = terminal;
        this.nanoTime = nanoTime;
        this.intervalNanos = intervalNanos;
    }

    void onProgress(BatchScorer.Progress p) {
        if (terminal) {
            int width = 30;
            int done = (int) Math.round(p.fractionDone() * width);
            err.printf(Locale.ROOT, "\r[%s%s] %5.1f%% %,d rows, %,.0f rows/s, ETA %.0f s ",
                    "#".repeat(done), " ".repeat(width - done), p.fractionDone() * 100, p.rowsDone(),
                    p.rowsPerSecond(), p.secondsRemaining());
            err.flush();
            return;
        }
        long now = nanoTime.getAsLong();
        if (printedAny && now - lastLine < intervalNanos) {
            return;
        }
        printedAny = true;
        lastLine = now;
        lastRows = p.rowsDone();
        err.printf(Locale.ROOT, "scored %d rows (%.1f%%), %.0f rows/s, ETA %.0f s%n", p.rowsDone(),
                p.fractionDone() * 100, p.rowsPerSecond(), p.secondsRemaining());
        err.flush();
    }

    /** The final line: the rows scored and the rate (on a terminal it ends the bar's line first). */
    void finish(BatchScorer.Report r) {
        if (terminal) {
            err.println();
        }
        if (r.rows() != lastRows || terminal) {
            err.printf(Locale.ROOT, "scored %d rows (100.0%%), %.0f rows/s%n", r.rows(), r.rowsPerSecond());
        }
        err.flush();
    }
}
