package dev.mlops.serving.scoring;

import dev.mlops.serving.InvalidInputException;
import dev.mlops.serving.LoadedModel;
import dev.mlops.serving.Models;
import dev.mlops.serving.Tensor;
import dev.mlops.serving.TestModels;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.registry.dataset.DatasetLineage;
import dev.mlops.registry.dataset.DatasetRef;
import dev.mlops.registry.dataset.DatasetVersion;
import dev.mlops.registry.ModelVersionRef;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Registry;
import dev.mlops.registry.spi.NotFoundException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Batch scoring of JSONL files and of registry data set versions, with the output stored as a new version. */
class BatchScorerFormatsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path breastCancerCsv() throws Exception {
        Path p = dir.resolve("breast_cancer.csv");
        Files.write(p, TestModels.resource("/data/breast_cancer.csv"));
        return p;
    }

    /** The breast-cancer CSV as JSONL: one object per row, the header's names as keys, numbers as JSON numbers. */
    private Path breastCancerJsonl() throws Exception {
        List<String> csv = Files.readAllLines(breastCancerCsv());
        String[] header = csv.get(0).split(",");
        List<String> out = new ArrayList<>();
        for (String line : csv.subList(1, csv.size())) {
            String[] f = line.split(",");
            var o = JSON.createObjectNode();
            for (int k = 0; k < header.length; k++) {
                o.put(header[k], Double.parseDouble(f[k]));
            }
            out.add(JSON.writeValueAsString(o));
        }
        return Files.write(dir.resolve("breast_cancer.jsonl"), out);
    }

    /** The expected MLP output for each of the 569 rows, predicted one row at a time. */
    private static float[][] perRow(LoadedModel model, Path csv) throws Exception {
        List<String> in = Files.readAllLines(csv);
        float[][] expected = new float[in.size() - 1][];
        for (int r = 1; r < in.size(); r++) {
            String[] f = in.get(r).split(",");
            float[] row = new float[30];
            for (int k = 0; k < 30; k++) {
                row[k] = Float.parseFloat(f[k]);
            }
            expected[r - 1] = model.predict(Tensor.ofFloats(row, 1, 30)).first().floatData();
        }
        return expected;
    }

    private static void assertJsonlMatches(List<String> scored, float[][] expected, boolean inputsKept) throws Exception {
        assertThat(scored).hasSize(expected.length);
        for (int r = 0; r < expected.length; r++) {
            JsonNode o = JSON.readTree(scored.get(r));
            assertThat(o.get("mean radius") != null).as("input kept on line %d", r + 1).isEqualTo(inputsKept);
            assertThat(o.get("probabilities_0").floatValue()).as("line %d", r + 1).isEqualTo(expected[r][0]);
            assertThat(o.get("probabilities_1").floatValue()).as("line %d", r + 1).isEqualTo(expected[r][1]);
        }
    }

    @Test
    void scoringAJsonlFileEqualsPerRowPredictionAndKeepsTheInputFields() throws Exception {
        Path data = breastCancerJsonl();
        Path out = dir.resolve("scored.jsonl");
        try (LoadedModel model = TestModels.load("breast_cancer_mlp_v1")) {
            float[][] expected = perRow(model, breastCancerCsv());
            BatchScorer.Report report = BatchScorer.builder(model).chunkRows(128).build().scoreJsonl(data, out);
            assertThat(report.rows()).isEqualTo(569);
            assertThat(report.chunks()).isEqualTo(5);
            List<String> scored = Files.readAllLines(out);
            assertJsonlMatches(scored, expected, true);
            JsonNode first = JSON.readTree(scored.get(0));
            assertThat(first.get("mean radius").doubleValue()).isEqualTo(17.99);
            assertThat(first.get("target").doubleValue()).isEqualTo(0.0);
            assertThat(first.size()).isEqualTo(31 + 2);
        }
    }

    @Test
    void aCsvCanBeScoredIntoJsonlWithOutputsAlone() throws Exception {
        Path out = dir.resolve("alone.jsonl");
        try (LoadedModel model = TestModels.load("breast_cancer_mlp_v1")) {
            float[][] expected = perRow(model, breastCancerCsv());
            BatchScorer.builder(model).keepInputColumns(false).build()
                    .scoreFile(breastCancerCsv(), BatchScorer.Format.CSV, out, BatchScorer.Format.JSONL);
            List<String> scored = Files.readAllLines(out);
            assertJsonlMatches(scored, expected, false);
            assertThat(JSON.readTree(scored.get(0)).size()).isEqualTo(2);
        }
    }

    @Test
    void aJsonlFileCanBeScoredIntoCsv() throws Exception {
        Path out = dir.resolve("scored.csv");
        try (LoadedModel model = TestModels.load("breast_cancer_mlp_v1")) {
            float[][] expected = perRow(model, breastCancerCsv());
            BatchScorer.builder(model).build()
                    .scoreFile(breastCancerJsonl(), BatchScorer.Format.JSONL, out, BatchScorer.Format.CSV);
            List<String> scored = Files.readAllLines(out);
            assertThat(scored).hasSize(570);
            assertThat(scored.get(0)).isEqualTo(Files.readAllLines(breastCancerCsv()).get(0) + ",probabilities_0,probabilities_1");
            String[] last = scored.get(569).split(",");
            assertThat(Float.parseFloat(last[31])).isEqualTo(expected[568][0]);
            assertThat(Float.parseFloat(last[32])).isEqualTo(expected[568][1]);
        }
    }

    @Test
    void aBadJsonlLineIsNamedByItsLineAndField() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(breastCancerJsonl()).subList(0, 5));
        try (LoadedModel model = TestModels.load("breast_cancer_mlp_v1")) {
            BatchScorer scorer = BatchScorer.builder(model).build();
            Path out = dir.resolve("o.jsonl");

            List<String> wrongValue = new ArrayList<>(lines);
            wrongValue.set(2, wrongValue.get(2).replaceFirst("\"mean radius\":[^,]*,", "\"mean radius\":\"abc\","));
            Path p1 = Files.write(dir.resolve("value.jsonl"), wrongValue);
            assertThatThrownBy(() -> scorer.scoreJsonl(p1, out))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("line 3, column 'mean radius': 'abc' is not a number (expected float32)");

            List<String> missingField = new ArrayList<>(lines);
            missingField.set(3, missingField.get(3).replaceFirst("\"mean texture\":[^,]*,", ""));
            Path p2 = Files.write(dir.resolve("missing.jsonl"), missingField);
            assertThatThrownBy(() -> scorer.scoreJsonl(p2, out))
                    .hasMessage("line 4, column 'mean texture': missing value (null) is not a number (expected float32)");

            List<String> notJson = new ArrayList<>(lines);
            notJson.set(1, "{\"mean radius\": 1,");
            Path p3 = Files.write(dir.resolve("broken.jsonl"), notJson);
            assertThatThrownBy(() -> scorer.scoreJsonl(p3, out))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("line 2 of " + p3 + " is not valid JSON");

            List<String> array = new ArrayList<>(lines);
            array.set(4, "[1, 2, 3]");
            Path p4 = Files.write(dir.resolve("array.jsonl"), array);
            assertThatThrownBy(() -> scorer.scoreJsonl(p4, out))
                    .hasMessage("line 5 of " + p4 + " is a JSON array; expected one JSON object per line");

            List<String> nested = new ArrayList<>(lines);
            nested.set(1, nested.get(1).replaceFirst("\"mean area\":[^,]*,", "\"mean area\":{\"x\":1},"));
            Path p5 = Files.write(dir.resolve("nested.jsonl"), nested);
            assertThatThrownBy(() -> scorer.scoreJsonl(p5, out))
                    .hasMessage("line 2, field 'mean area' of " + p5 + " is a JSON object; expected a number, string or boolean");
        }
    }

    @Test
    void scoringARegistryDataSetVersionEqualsPerRowPrediction() throws Exception {
        Path csv = breastCancerCsv();
        try (Registry registry = Registry.inMemory()) {
            ModelVersion mv = registry.register("cancer").bytes(TestModels.resource("/models/breast_cancer_mlp_v1.onnx"))
                    .fileName("model.onnx").commit();
            DatasetVersion input = registry.datasets().add("patients", csv);
            try (LoadedModel model = Models.load(registry, "cancer", mv.number())) {
                float[][] expected = perRow(model, csv);
                StringWriter out = new StringWriter();
                BatchScorer.Report report = BatchScorer.builder(model).keepInputColumns(false).build()
                        .scoreDataset(registry, "patients", input.number(), out, BatchScorer.Format.CSV);
                assertThat(report.rows()).isEqualTo(569);
                String[] lines = out.toString().split("\n");
                assertThat(lines).hasSize(570);
                assertThat(lines[0]).isEqualTo("probabilities_0,probabilities_1");
                for (int r = 1; r <= 569; r++) {
                    String[] f = lines[r].split(",");
                    assertThat(Float.parseFloat(f[0])).as("row %d", r).isEqualTo(expected[r - 1][0]);
                    assertThat(Float.parseFloat(f[1])).as("row %d", r).isEqualTo(expected[r - 1][1]);
                }
            }
        }
    }

    @Test
    void theScoredOutputIsStoredAsANewDataSetVersionNamingItsLineage() throws Exception {
        Path jsonl = breastCancerJsonl();
        try (Registry registry = Registry.inMemory()) {
            ModelVersion mv = registry.register("cancer").bytes(TestModels.resource("/models/breast_cancer_mlp_v1.onnx"))
                    .fileName("model.onnx").commit();
            DatasetVersion input = registry.datasets().add("patients", jsonl);
            try (LoadedModel model = Models.load(registry, "cancer", mv.number())) {
                BatchScorer.DatasetScoring result = BatchScorer.builder(model).build()
                        .scoreDatasetInto(registry, "patients", input.number(), model.name(), "patients-scored", "alice");
                DatasetVersion out = result.output();
                assertThat(out.id()).isEqualTo("patients-scored:1");
                assertThat(out.description()).isEqualTo("scored by model cancer:1 from data set patients:1");
                assertThat(out.lineage()).isEqualTo(new DatasetLineage(List.of(new DatasetRef("patients", 1, "input")),
                        Optional.of(new ModelVersionRef("cancer", 1)), Optional.empty(), Optional.empty(),
                        Optional.of("batch scoring")));
                assertThat(registry.datasets().version("patients-scored", 1).lineage()).isEqualTo(out.lineage());
                assertThat(registry.datasets().outputsOf("cancer", 1)).extracting(DatasetVersion::id)
                        .containsExactly("patients-scored:1");
                assertThat(registry.datasets().derivatives("patients", 1)).extracting(DatasetVersion::id)
                        .containsExactly("patients-scored:1");
                assertThat(out.createdBy()).isEqualTo("alice");
                assertThat(result.report().rows()).isEqualTo(569);
                assertThat(registry.datasets().files("patients-scored", 1)).singleElement()
                        .satisfies(f -> assertThat(f.path()).isEqualTo("breast_cancer.jsonl"));

                Path checkedOut = dir.resolve("checkout");
                registry.datasets().checkout("patients-scored", 1, checkedOut);
                Path direct = dir.resolve("direct.jsonl");
                BatchScorer.builder(model).build().scoreJsonl(jsonl, direct);
                assertThat(Files.readAllLines(checkedOut.resolve("breast_cancer.jsonl")))
                        .isEqualTo(Files.readAllLines(direct));
                assertJsonlMatches(Files.readAllLines(direct), perRow(model, breastCancerCsv()), true);
            }
        }
    }

    @Test
    void aModelVersionThatIsNotNameColonNumberOrDoesNotExistFailsBeforeScoring() throws Exception {
        try (Registry registry = Registry.inMemory();
             LoadedModel model = TestModels.load("breast_cancer_mlp_v1")) {
            registry.register("cancer").bytes(new byte[]{1}).commit();
            registry.datasets().add("patients", breastCancerJsonl());
            BatchScorer scorer = BatchScorer.builder(model).build();
            assertThatThrownBy(() -> scorer.scoreDatasetInto(registry, "patients", 1, "cancer", "out", "alice"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Expected a model version as NAME:VERSION (e.g. fraud:3), found 'cancer'");
            assertThatThrownBy(() -> scorer.scoreDatasetInto(registry, "patients", 1, "cancer:2", "out", "alice"))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("Model 'cancer' has no version 2");
            assertThat(registry.datasets().latest("out")).isEmpty();
            assertThat(registry.datasets().names()).containsExactly("patients");
        }
    }

    @Test
    void aDataSetVersionOfSeveralFilesIsAClearError() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Files.writeString(tree.resolve("a.csv"), "x\n1\n");
        Files.writeString(tree.resolve("b.csv"), "x\n2\n");
        try (Registry registry = Registry.inMemory();
             LoadedModel model = TestModels.load("breast_cancer_mlp_v1")) {
            registry.datasets().add("two", tree);
            assertThatThrownBy(() -> BatchScorer.builder(model).build()
                    .scoreDataset(registry, "two", 1, new StringWriter(), BatchScorer.Format.CSV))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("data set two:1 holds 2 files; batch scoring reads a version that is one CSV or JSONL file");
        }
    }
}
