package dev.mlops.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.mlops.monitoring.ReferenceProfile;
import dev.mlops.monitoring.Table;
import dev.mlops.serving.LoadedModel;
import dev.mlops.serving.Models;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The breast-cancer fixtures copied to a directory: full CSV, train and test CSVs per the split file, both models. */
final class BreastCancerFixture {
    final Path dir;
    final Path csv;
    final Path trainCsv;
    final Path testCsv;
    final Path v1;
    final Path v2;
    final JsonNode split;
    final List<String> features;

    BreastCancerFixture(Path dir) throws IOException {
        this.dir = dir;
        this.csv = copy("breast_cancer.csv");
        this.v1 = copy("breast_cancer_mlp_v1.onnx");
        this.v2 = copy("breast_cancer_mlp_v2.onnx");
        this.split = JsonMapper.builder().build().readTree(Files.readString(copy("breast_cancer_split.json")));
        List<String> lines = Files.readAllLines(csv);
        this.features = List.of(lines.get(0).split(",")).subList(0, 30);
        this.trainCsv = subset(lines, split.get("train_rows"), "train.csv");
        this.testCsv = subset(lines, split.get("test_rows"), "test.csv");
    }

    private Path subset(List<String> lines, JsonNode rows, String name) throws IOException {
        List<String> out = new ArrayList<>();
        out.add(lines.get(0));
        for (JsonNode r : rows) {
            out.add(lines.get(r.intValue() + 1));
        }
        return Files.write(dir.resolve(name), out, StandardCharsets.UTF_8);
    }

    private Path copy(String resource) throws IOException {
        Path out = dir.resolve(resource);
        try (InputStream in = BreastCancerFixture.class.getResourceAsStream("/" + resource)) {
            Files.copy(in, out);
        }
        return out;
    }

    /** The reference profile of a model: the training features and its predictions on them. */
    ReferenceProfile profile(Path model) {
        Table train = Table.readCsv(trainCsv);
        ReferenceProfile.Builder b = ReferenceProfile.builder();
        for (String f : features) {
            b.numeric(f, train.numbers(f));
        }
        try (LoadedModel m = Models.load(model)) {
            b.output("prediction", dev.mlops.pipelines.internal.Scoring.score(m,
                    dev.mlops.pipelines.internal.Scoring.rows(train, features), null));
        }
        return b.build();
    }

    /** Test rows with every "worst"/"mean" size feature scaled by {@code factor}: a shifted stream. */
    static float[][] scaled(float[][] rows, double factor) {
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i].clone();
            for (int j : new int[]{0, 2, 3, 20, 22, 23}) {   // radius, perimeter, area (mean and worst)
                out[i][j] = (float) (out[i][j] * factor);
            }
        }
        return out;
    }
}
