package dev.mlops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.serving.TensorJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code mlops score} per CLI.md item 5. */
class ScoreCommandTest {
    @TempDir
    Path dir;

    private Path copy(String resource) throws Exception {
        Path p = dir.resolve(resource);
        try (InputStream in = ScoreCommandTest.class.getResourceAsStream("/predict/" + resource)) {
            Files.copy(in, p);
        }
        return p;
    }

    @Test
    void scoresTheBreastCancerCsvWithPlainProgressLines() throws Exception {
        Path out = dir.resolve("scored.csv");
        PredictCommandTest.Run r = PredictCommandTest.mlops("score", "--model", copy("breast_cancer_mlp_v1.onnx").toString(),
                "--data", copy("breast_cancer.csv").toString(), "--out", out.toString(), "--chunk-rows", "200", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("scored 200 rows").contains("scored 569 rows (100.0%)");
        JsonNode report = TensorJson.mapper().readTree(r.out());
        assertThat(report.get("rows").asLong()).isEqualTo(569);
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(570);
        assertThat(lines.get(0)).endsWith(",target,probabilities_0,probabilities_1");
    }

    @Test
    void aBadValueExitsWithTwoNamingTheLine() throws Exception {
        Path data = copy("breast_cancer.csv");
        List<String> lines = Files.readAllLines(data).subList(0, 5);
        Path bad = Files.write(dir.resolve("bad.csv"), List.of(lines.get(0), lines.get(1), lines.get(2).replaceFirst("^[^,]*,", "x,")));
        PredictCommandTest.Run r = PredictCommandTest.mlops("score", "--model", copy("breast_cancer_mlp_v1.onnx").toString(),
                "--data", bad.toString(), "--out", dir.resolve("o.csv").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("mlops: line 3, column 'mean radius': 'x' is not a number (expected float32)"
                + System.lineSeparator());
    }
}
