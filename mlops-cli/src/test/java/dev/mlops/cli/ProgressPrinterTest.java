package dev.mlops.cli;

import dev.mlops.serving.scoring.BatchScorer;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 21 item 7: without a terminal, progress is at most one line every few seconds plus a final summary. */
class ProgressPrinterTest {
    @Test
    void withoutATerminalAHundredThousandChunksOverTwelveSecondsPrintFourLines() {
        StringWriter text = new StringWriter();
        AtomicLong now = new AtomicLong();   // a fake clock, advanced by hand
        ProgressPrinter p = new ProgressPrinter(new PrintWriter(text), false, now::get, 5_000_000_000L);
        long chunks = 100_000;
        for (long i = 1; i <= chunks; i++) {
            now.set(i * 120_000L);   // 12 s in all
            p.onProgress(new BatchScorer.Progress(i * 1024, 8.5e6, (double) i / chunks, 0));
        }
        p.finish(new BatchScorer.Report(chunks * 1024, chunks, 12.0, 8.5e6, false));
        // chunk 1 (0.12 ms), chunk 41668 (5.00016 s), chunk 83335 (10.0002 s), then the summary
        assertThat(text.toString().lines()).containsExactly(
                "scored 1024 rows (0.0%), 8500000 rows/s, ETA 0 s",
                "scored 42668032 rows (41.7%), 8500000 rows/s, ETA 0 s",
                "scored 85335040 rows (83.3%), 8500000 rows/s, ETA 0 s",
                "scored 102400000 rows (100.0%), 8500000 rows/s");
    }

    @Test
    void aJobFasterThanTheIntervalPrintsTheFirstChunkAndTheSummary() {
        StringWriter text = new StringWriter();
        ProgressPrinter p = new ProgressPrinter(new PrintWriter(text), false, () -> 0L, 5_000_000_000L);
        for (int i = 1; i <= 569; i++) {
            p.onProgress(new BatchScorer.Progress(i, 1000, i / 569.0, 0));
        }
        p.finish(new BatchScorer.Report(569, 569, 0.5, 1138, false));
        assertThat(text.toString().lines()).containsExactly("scored 1 rows (0.2%), 1000 rows/s, ETA 0 s",
                "scored 569 rows (100.0%), 1138 rows/s");
    }
}
