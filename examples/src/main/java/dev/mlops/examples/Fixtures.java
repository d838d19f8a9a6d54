package dev.mlops.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The fixture files shipped inside this module (copies of the project's real models and data sets), written to a
 * temporary directory so the examples run from a fresh clone. Stateless and thread-safe.
 */
public final class Fixtures {
    private static final Path DIR = createDir();

    private Fixtures() {
    }

    /** A shipped fixture (e.g. {@code breast_cancer_mlp_v1.onnx}) as a file. */
    public static Path path(String name) {
        Path target = DIR.resolve(name);
        if (Files.exists(target)) {
            return target;
        }
        try (InputStream in = Fixtures.class.getResourceAsStream("fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("No fixture '" + name + "' in the examples module's resources "
                        + "(dev/mlops/examples/fixtures/)");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy fixture " + name + " to " + DIR, e);
        }
    }

    /** The directory the fixtures are copied to. */
    public static Path directory() {
        path("breast_cancer_mlp_v1.onnx");
        path("breast_cancer_mlp_v2.onnx");
        path("diabetes_linear.onnx");
        return DIR;
    }

    private static Path createDir() {
        try {
            Path d = Files.createTempDirectory("mlops-fixtures");
            d.toFile().deleteOnExit();
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory for the fixtures", e);
        }
    }
}
