package dev.mlops.serving.scoring;

import dev.mlops.serving.InvalidInputException;
import dev.mlops.serving.LoadedModel;
import dev.mlops.serving.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * CSV-to-CSV scoring on bytes with parallel chunks: messy CSV (BOM, CRLF, blank lines, quotes, non-ASCII) scores like
 * the clean file, output order and bytes do not depend on threads or chunk size, the first bad line wins, cancel keeps
 * the rows scored so far, and no scorer thread outlives a job.
 */
class BatchScorerPipelineTest {
    @TempDir
    Path dir;

    private static List<String> scorerThreads() {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith("mlops-scorer-")) {
                names.add(t.getName());
            }
        }
        return names;
    }

    private List<String> cleanLines() {
        return new String(TestModels.resource("/data/breast_cancer.csv"), StandardCharsets.UTF_8).lines().toList();
    }

    private Path write(String name, String text) throws Exception {
        return Files.write(dir.resolve(name), text.getBytes(StandardCharsets.UTF_8));
    }

    /** The two probabilities of each data row of {@code scored} (a CSV whose last two columns are the outputs). */
    private static List<String> outputs(Path scored) throws Exception {
        List<String> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(scored);
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",");
            out.add(f[f.length - 2] + "," + f[f.length - 1]);
        }
        return out;
    }

    @Test
    void aQuotedFieldSpanningLinesIsOneRecordOnTheBytePathAndTheGeneralPath() throws Exception {
        // CsvDialect.standard(): a quoted field may hold line ends; the scorer used to reject such files
        List<String> clean = cleanLines();
        StringBuilder multi = new StringBuilder("note," + clean.get(0) + "\n");
        StringBuilder bad = new StringBuilder(multi);
        for (int r = 1; r < clean.size(); r++) {
            String note = r % 3 == 0 ? "\"first line\r\nsecond, line\"" : "n";
            multi.append(note).append(',').append(clean.get(r)).append('\n');
            // record 7 starts on line 10: records 3 and 6 take two lines each
            bad.append(note).append(',').append(r == 7 ? clean.get(r).replaceFirst(",[^,]*,", ",NA,") : clean.get(r)).append('\n');
        }
        Path multiCsv = write("multi.csv", multi.toString());
        Path cleanCsv = write("clean.csv", String.join("\n", clean) + "\n");
        try (LoadedModel model = TestModels.load("breast_cancer_mlp_v1")) {
            BatchScorer.builder(model).threads(1).build().scoreCsv(cleanCsv, dir.resolve("clean-out.csv"));
            BatchScorer.builder(model).exclude("note").chunkRows(16).threads(2).keepInputColumns(false).build()
                    .scoreCsv(multiCsv, dir.resolve("multi-out.csv"));
            assertThat(Files.readAllLines(dir.resolve("multi-out.csv")).subList(1, 570))
                    .isEqualTo(outputs(dir.resolve("clean-out.csv")));
            BatchScorer.Report jsonl = BatchScorer.builder(model).exclude("note").build()
                    .scoreFile(multiCsv, BatchScorer.Format.CSV, dir.resolve("multi-out.jsonl"), BatchScorer.Format.JSONL);
            assertThat(jsonl.rows()).isEqualTo(569);
            assertThat(Files.readAllLines(dir.resolve("multi-out.jsonl")).get(2)).contains("first line\\r\\nsecond, line");
            // a missing value after records spanning lines is named on its real line
            Path badCsv = write("bad.csv", bad.toString());
            assertThatThrownBy(() -> BatchScorer.builder(model).exclude("note").chunkRows(4).build()
                    .scoreCsv(badCsv, dir.resolve("bad-out.csv")))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("line 10, column 'mean texture': missing value (null) is not a number (expected float32)");
        }
        assertThat(scorerThreads()).isEmpty();
    }

    @Test
    void aMessyCsvScoresExactlyLikeTheCleanOneAndKeepsItsLinesVerbatim() throws Exception {
        List<String> clean = cleanLines();
        StringBuilder messy = new StringBuilder("\uFEFFnote," + clean.get(0) + "\r\n");
        List<String> expectedKept = new ArrayList<>();
        for (int r = 1; r < clean.size(); r++) {
            String note = switch (r % 4) {
                case 0 -> "\"naïve, \"\"quoted\"\" text\"";
                case 1 -> "日本語のメモ";
                case 2 -> "plain";
                default -> "";
            };
            String row = clean.get(r);
            if (r % 7 == 0) {
                row = "\"" + row.replaceFirst(",", "\",");  // first feature quoted
            }
            String line = note + "," + row;
            messy.append(line).append(r % 2 == 0 ? "\r\n" : "\n");
            if (r % 50 == 0) {
                messy.append("\r\n\n"); // blank lines
            }
            expectedKept.add(line);
        }
        Path messyCsv = write("messy.csv", messy.toString());
        Path cleanCsv = write("clean.csv", String.join("\n", clean) + "\n");
        try (LoadedModel model = TestModels.load("breast_cancer_mlp_v1")) {
            BatchScorer.builder(model).threads(1).build().scoreCsv(cleanCsv, dir.resolve("clean-out.csv"));
            BatchScorer.Report report = BatchScorer.builder(model).exclude("note").chunkRows(64).threads(3).build()
                    .scoreCsv(messyCsv, dir.resolve("messy-out.csv"));
            assertThat(report.rows()).isEqualTo(569);
            List<String> scored = Files.readAllLines(dir.resolve("messy-out.csv"));
            assertThat(scored.get(0)).isEqualTo("note," + clean.get(0) + ",probabilities_0,probabilities_1");
            for (int r = 0; r < expectedKept.size(); r++) {
                assertThat(scored.get(r + 1)).as("line %d", r + 2).startsWith(expectedKept.get(r) + ",");
            }
            assertThat(outputs(dir.resolve("messy-out.csv"))).isEqualTo(outputs(dir.resolve("clean-out.csv")));
        }
        assertThat(scorerThreads()).isEmpty();
    }

    @Test
    void theOutputBytesDoNotDependOnThreadsOrChunkSizeOrOutputKind() throws Exception {
        Path data = write("data.csv", String.join("\n", cleanLines()) + "\n");
        try (LoadedModel model = TestModels.load("breast_cancer_mlp_v1")) {
            BatchScorer.builder(model).threads(1).chunkRows(569).build().scoreCsv(data, dir.resolve("a.csv"));
            BatchScorer.builder(model).threads(4).chunkRows(7).build().scoreCsv(data, dir.resolve("b.csv"));
            BatchScorer.builder(model).threads(2).chunkRows(1).build().scoreCsv(data, dir.resolve("c.csv"));
            StringWriter w = new StringWriter();
            byte[] bytes = Files.readAllBytes(data);
            BatchScorer.builder(model).threads(2).chunkRows(100).build().score(new ByteArrayInputStream(bytes),
                    bytes.length, BatchScorer.Format.CSV, w, BatchScorer.Format.CSV, "memory");
            byte[] a = Files.readAllBytes(dir.resolve("a.csv"));
            assertThat(Files.readAllBytes(dir.resolve("b.csv"))).isEqualTo(a);
            assertThat(Files.readAllBytes(dir.resolve("c.csv"))).isEqualTo(a);
            assertThat(w.toString().getBytes(StandardCharsets.UTF_8)).isEqualTo(a);
            // the general path (CSV in, JSONL out) gives the same numbers
            BatchScorer.builder(model).keepInputColumns(false).build()
                    .scoreFile(data, BatchScorer.Format.CSV, dir.resolve("d.jsonl"), BatchScorer.Format.JSONL);
            List<String> jsonl = Files.readAllLines(dir.resolve("d.jsonl"));
            List<String> csvOut = outputs(dir.resolve("a.csv"));
            for (int r = 0; r < jsonl.size(); r++) {
                var o = new com.fasterxml.jackson.databind.ObjectMapper().readTree(jsonl.get(r));
                String[] p = csvOut.get(r).split(",");
                assertThat(o.get("probabilities_0").floatValue()).isEqualTo(Float.parseFloat(p[0]));
                assertThat(o.get("probabilities_1").floatValue()).isEqualTo(Float.parseFloat(p[1]));
            }
        }
    }

    @Test
    void otherSpellingsOfTheSameNumberScoreTheSame() throws Exception {
        List<String> clean = cleanLines();
        List<String> respelled = new ArrayList<>(clean);
        // line 2 starts with 17.99: respell it in ways the fast path leaves to the general conversion
        String rest = clean.get(1).substring(clean.get(1).indexOf(','));
        respelled.set(1, "1.799E1" + rest);
        respelled.set(2, " " + clean.get(2).replaceFirst(",", " ,"));
        respelled.set(3, "+" + clean.get(3));
        respelled.set(4, clean.get(4).replaceFirst(",", "000000000000,"));
        Path a = write("a.csv", String.join("\n", clean) + "\n");
        Path b = write("b.csv", String.join("\n", respelled) + "\n");
        try (LoadedModel model = TestModels.load("breast_cancer_mlp_v1")) {
            BatchScorer.builder(model).build().scoreCsv(a, dir.resolve("a-out.csv"));
            BatchScorer.builder(model).build().scoreCsv(b, dir.resolve("b-out.csv"));
        }
        assertThat(outputs(dir.resolve("b-out.csv"))).isEqualTo(outputs(dir.resolve("a-out.csv")));
    }

    @Test
    void anErrorInALaterChunkNamesTheFirstBadLineAndStopsEveryThread() throws Exception {
        List<String> lines = new ArrayList<>(cleanLines());
        lines.set(399, lines.get(399).replaceFirst("^([^,]*),[^,]*,", "$1,abc,")); // line 400, chunk 8 of 50 rows
        lines.set(499, lines.get(499).substring(lines.get(499).indexOf(',') + 1)); // line 500: a field short
        Path bad = write("bad.csv", String.join("\n", lines) + "\n");
        try (LoadedModel model = TestModels.load("breast_cancer_mlp_v1")) {
            for (int threads : new int[]{1, 2, 4}) {
                assertThatThrownBy(() -> BatchScorer.builder(model).chunkRows(50).threads(threads).build()
                        .scoreCsv(bad, dir.resolve("o.csv")))
                        .isInstanceOf(InvalidInputException.class)
                        .hasMessage("line 400, column 'mean texture': 'abc' is not a number (expected float32)");
                assertThat(scorerThreads()).isEmpty();
            }
            lines.set(399, cleanLines().get(399));
            Path shortLine = write("short.csv", String.join("\n", lines) + "\n");
            assertThatThrownBy(() -> BatchScorer.builder(model).chunkRows(50).build()
                    .scoreCsv(shortLine, dir.resolve("o.csv")))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("line 500 of " + shortLine + " has 30 fields, the header has 31");
            assertThat(scorerThreads()).isEmpty();
        }
    }

    @Test
    void cancellingMidRunKeepsTheRowsScoredSoFarInOrderAndStopsEveryThread() throws Exception {
        List<String> clean = cleanLines();
        Path data = write("data.csv", String.join("\n", clean) + "\n");
        try (LoadedModel model = TestModels.load("breast_cancer_mlp_v1")) {
            List<Long> progress = new ArrayList<>();
            BatchScorer[] scorer = new BatchScorer[1];
            scorer[0] = BatchScorer.builder(model).chunkRows(50).threads(2).progress(p -> {
                progress.add(p.rowsDone());
                if (p.rowsDone() >= 150) {
                    scorer[0].cancel();
                }
            }).build();
            BatchScorer.Report report = scorer[0].scoreCsv(data, dir.resolve("part.csv"));
            assertThat(report.cancelled()).isTrue();
            assertThat(report.rows()).isEqualTo(150);
            assertThat(report.chunks()).isEqualTo(3);
            assertThat(progress).containsExactly(50L, 100L, 150L);
            List<String> out = Files.readAllLines(dir.resolve("part.csv"));
            assertThat(out).hasSize(151);
            for (int r = 1; r <= 150; r++) {
                assertThat(out.get(r)).startsWith(clean.get(r) + ",");
            }
        }
        assertThat(scorerThreads()).isEmpty();
    }

    @Test
    void anEmptyFileOrAHeaderAloneAreHandled() throws Exception {
        try (LoadedModel model = TestModels.load("breast_cancer_mlp_v1")) {
            Path empty = write("empty.csv", "");
            assertThatThrownBy(() -> BatchScorer.builder(model).build().scoreCsv(empty, dir.resolve("o.csv")))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("is empty; expected a CSV header row");
            Path headerOnly = write("header.csv", cleanLines().get(0) + "\n");
            BatchScorer.Report report = BatchScorer.builder(model).build().scoreCsv(headerOnly, dir.resolve("h.csv"));
            assertThat(report.rows()).isZero();
            assertThat(Files.readAllLines(dir.resolve("h.csv"))).containsExactly(cleanLines().get(0));
        }
        assertThat(scorerThreads()).isEmpty();
    }
}
