package dev.mlops.serving;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads the fixture models and vectors copied into test resources. */
public final class TestModels {
    private TestModels() {
    }

    public static final String[] FIXTURES = {"diabetes_linear", "breast_cancer_mlp_v1", "breast_cancer_mlp_v2",
            "iris_logreg_zipmap", "multi_io"};

    public static byte[] model(String name) {
        return resource("/models/" + name + ".onnx");
    }

    public static byte[] vector(String name) {
        return resource("/vectors/" + name + ".json");
    }

    public static byte[] resource(String path) {
        try (InputStream in = TestModels.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static LoadedModel load(String name) {
        return Models.load(model(name), ModelOptions.builder().name(name).build());
    }
}
