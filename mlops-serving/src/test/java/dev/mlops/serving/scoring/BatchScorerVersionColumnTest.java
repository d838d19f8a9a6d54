package dev.mlops.serving.scoring;

import dev.mlops.registry.Registry;
import dev.mlops.serving.LoadedModel;
import dev.mlops.serving.Models;
import dev.mlops.serving.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Batch scoring can name the model version that scored every row, on both the byte path and the general path. */
class BatchScorerVersionColumnTest {
    @TempDir
    Path dir;

    @Test
    void aVersionColumnNamesTheRegistryVersionOnEveryRow() throws Exception {
        Path data = Files.write(dir.resolve("in.csv"), TestModels.resource("/data/breast_cancer.csv"));
        try (Registry r = Registry.inMemory()) {
            r.register("cancer").bytes(TestModels.model("breast_cancer_mlp_v1")).fileName("model.onnx").commit();
            r.register("cancer").bytes(TestModels.model("breast_cancer_mlp_v2")).fileName("model.onnx").commit();
            try (LoadedModel model = Models.load(r, "cancer", 2)) {
                for (int threads : new int[]{1, 3}) {
                    Path out = dir.resolve("scored-" + threads + ".csv");
                    BatchScorer.builder(model).chunkRows(100).threads(threads).versionColumn("scored_by").build()
                            .scoreCsv(data, out);
                    List<String> lines = Files.readAllLines(out);
                    assertThat(lines).hasSize(570);
                    assertThat(lines.get(0)).endsWith(",probabilities_0,probabilities_1,scored_by");
                    assertThat(lines.subList(1, lines.size())).allSatisfy(l -> assertThat(l).endsWith(",cancer:2"));
                }
                Path jsonl = dir.resolve("scored.jsonl");
                BatchScorer.builder(model).versionColumn("scored_by").keepInputColumns(false).build()
                        .scoreFile(data, BatchScorer.Format.CSV, jsonl, BatchScorer.Format.JSONL);
                assertThat(Files.readAllLines(jsonl)).hasSize(569)
                        .allSatisfy(l -> assertThat(l).contains("\"scored_by\":\"cancer:2\""));
            }
        }
        try (LoadedModel m = TestModels.load("diabetes_linear")) {
            assertThatThrownBy(() -> BatchScorer.builder(m).versionColumn(" "))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("versionColumn must not be blank");
        }
    }
}
