package dev.mlops.serving.scoring;

import dev.mlops.serving.InvalidInputException;
import dev.mlops.serving.LoadedModel;
import dev.mlops.serving.Tensor;
import dev.mlops.serving.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Batch scoring of a CSV file equals per-row prediction; bad rows are named by line; progress and cancellation. */
class BatchScorerTest {
    @TempDir
    Path dir;

    private Path breastCancer() throws Exception {
        Path p = dir.resolve("breast_cancer.csv");
        Files.write(p, TestModels.resource("/data/breast_cancer.csv"));
        return p;
    }

    @Test
    void scoringTheBreastCancerCsvEqualsPerRowPrediction() throws Exception {
        Path data = breastCancer();
        Path out = dir.resolve("scored.csv");
        List<BatchScorer.Progress> progress = new ArrayList<>();
        try (LoadedModel model = TestModels.load("breast_cancer_mlp_v1")) {
            BatchScorer.Report report = BatchScorer.builder(model).chunkRows(100).progress(progress::add).build()
                    .scoreCsv(data, out);
            assertThat(report.rows()).isEqualTo(569);
            assertThat(report.chunks()).isEqualTo(6);
            assertThat(report.cancelled()).isFalse();
            assertThat(progress).hasSize(6);
            assertThat(progress.get(5).rowsDone()).isEqualTo(569);
            assertThat(progress.get(5).fractionDone()).isEqualTo(1.0);

            List<String> in = Files.readAllLines(data);
            List<String> scored = Files.readAllLines(out);
            assertThat(scored).hasSize(570);
            assertThat(scored.get(0)).isEqualTo(in.get(0) + ",probabilities_0,probabilities_1");
            for (int r = 1; r <= 569; r++) {
                String[] f = in.get(r).split(",");
                float[] row = new float[30];
                for (int k = 0; k < 30; k++) {
                    row[k] = Float.parseFloat(f[k]);
                }
                float[] expected = model.predict(Tensor.ofFloats(row, 1, 30)).first().floatData();
                String[] s = scored.get(r).split(",");
                assertThat(scored.get(r)).startsWith(in.get(r) + ",");
                assertThat(Float.parseFloat(s[31])).as("line %d", r + 1).isEqualTo(expected[0]);
                assertThat(Float.parseFloat(s[32])).as("line %d", r + 1).isEqualTo(expected[1]);
            }
        }
    }

    @Test
    void aBadValueIsReportedWithItsLineAndColumn() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(breastCancer()).subList(0, 6));
        lines.set(3, lines.get(3).replaceFirst("^[^,]*,", "abc,")); // line 4 of the file, first column
        Path bad = Files.write(dir.resolve("bad.csv"), lines);
        try (LoadedModel model = TestModels.load("breast_cancer_mlp_v1")) {
            assertThatThrownBy(() -> BatchScorer.builder(model).build().scoreCsv(bad, dir.resolve("o.csv")))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("line 4, column 'mean radius': 'abc' is not a number (expected float32)");
            lines.set(3, lines.get(3).replaceFirst("^[^,]*,", ","));
            Path missing = Files.write(dir.resolve("missing.csv"), lines);
            assertThatThrownBy(() -> BatchScorer.builder(model).build().scoreCsv(missing, dir.resolve("o.csv")))
                    .hasMessage("line 4, column 'mean radius': missing value (null) is not a number (expected float32)");
        }
    }

    @Test
    void cancellingStopsAfterTheCurrentChunkAndOutputsCanStandAlone() throws Exception {
        Path out = dir.resolve("part.csv");
        try (LoadedModel model = TestModels.load("breast_cancer_mlp_v1")) {
            BatchScorer[] scorer = new BatchScorer[1];
            scorer[0] = BatchScorer.builder(model).chunkRows(50).keepInputColumns(false)
                    .progress(p -> scorer[0].cancel()).build();
            BatchScorer.Report report = scorer[0].scoreCsv(breastCancer(), out);
            assertThat(report.cancelled()).isTrue();
            assertThat(report.rows()).isEqualTo(50);
            List<String> lines = Files.readAllLines(out);
            assertThat(lines).hasSize(51);
            assertThat(lines.get(0)).isEqualTo("probabilities_0,probabilities_1");
        }
    }

    @Test
    void columnsThatCannotFeedTheModelAreAClearError() throws Exception {
        try (LoadedModel model = TestModels.load("breast_cancer_mlp_v1")) {
            assertThatThrownBy(() -> BatchScorer.builder(model).exclude("mean radius", "target").build()
                    .scoreCsv(breastCancer(), dir.resolve("o.csv")))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("takes 30 values per row, but 29 columns of");
        }
    }
}
