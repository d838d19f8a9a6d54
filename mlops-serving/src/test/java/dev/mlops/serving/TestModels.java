package dev.mlops.serving;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads the fixture models and vectors copied into test resources. */
final class TestModels {
    private TestModels() {
    }

    static final String[] FIXTURES = {"diabetes_linear", "breast_cancer_mlp_v1", "breast_cancer_mlp_v2",
            "iris_logreg_zipmap", "multi_io"};

    static byte[] model(String name) {
        return resource("/models/" + name + ".onnx");
    }

    static byte[] vector(String name) {
        return resource("/vectors/" + name + ".json");
    }

    static byte[] resource(String path) {
        try (InputStream in = TestModels.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LoadedModel load(String name) {
        return Models.load(model(name), ModelOptions.builder().name(name).build());
    }
}
