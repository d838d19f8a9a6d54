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

    @Test
    void aCsvCanBeScoredIntoJsonlChosenByTheOutputExtension() throws Exception {
        Path out = dir.resolve("scored.jsonl");
        PredictCommandTest.Run r = PredictCommandTest.mlops("score", "--model", copy("breast_cancer_mlp_v1.onnx").toString(),
                "--data", copy("breast_cancer.csv").toString(), "--out", out.toString(), "--outputs-only");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(569);
        JsonNode first = TensorJson.mapper().readTree(lines.get(0));
        assertThat(first.size()).isEqualTo(2);
        double p0 = first.get("probabilities_0").asDouble();
        double p1 = first.get("probabilities_1").asDouble();
        assertThat(p0 + p1).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    }

    @Test
    void aBadJsonlLineExitsWithTwoNamingTheLine() throws Exception {
        StringBuilder row = new StringBuilder("{");
        for (int k = 0; k < 30; k++) {
            row.append(k == 0 ? "" : ",").append("\"c").append(k).append("\":").append(k);
        }
        String good = row.append('}').toString();
        Path bad = Files.write(dir.resolve("bad.jsonl"), List.of(good, good.substring(0, 20), good));
        PredictCommandTest.Run r = PredictCommandTest.mlops("score", "--model", copy("breast_cancer_mlp_v1.onnx").toString(),
                "--data", bad.toString(), "--out", dir.resolve("o.jsonl").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("mlops: line 2 of " + bad + " is not valid JSON");
    }

    @Test
    void aScoreStoppedBySigtermLeavesNoPartialOutputAndSaysSo() throws Exception {
        Path model = copy("breast_cancer_mlp_v1.onnx");
        List<String> lines = Files.readAllLines(copy("breast_cancer.csv"));
        Path big = dir.resolve("big.csv");
        try (var w = Files.newBufferedWriter(big)) {
            w.write(lines.get(0));
            w.newLine();
            for (int k = 0; k < 400; k++) {   // 227 600 rows, scored one row per chunk: long enough to be interrupted
                for (String l : lines.subList(1, lines.size())) {
                    w.write(l);
                    w.newLine();
                }
            }
        }
        Path out = dir.resolve("scored.csv");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), MlopsCli.class.getName(), "score", "--model",
                model.toString(), "--data", big.toString(), "--out", out.toString(), "--chunk-rows", "1")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        var err = new java.io.BufferedReader(new java.io.InputStreamReader(p.getErrorStream()));
        String first = err.readLine();   // the first progress line: scoring has started and the temp file exists
        assertThat(first).startsWith("scored 1 rows");
        p.toHandle().destroy();   // SIGTERM (Process.destroy would also close our end of its stderr)
        StringBuilder rest = new StringBuilder();
        for (String l; (l = err.readLine()) != null; ) {
            rest.append(l).append('\n');
        }
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isNotZero();
        assertThat(rest.toString()).contains("mlops: interrupted; " + out + " was not written (no partial output left)");
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder(
                    "breast_cancer_mlp_v1.onnx", "breast_cancer.csv", "big.csv");
        }
    }
}
