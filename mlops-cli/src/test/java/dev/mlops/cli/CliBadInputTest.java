package dev.mlops.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.mlops.cli.PredictCommandTest.mlops;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bad input CLI.md and the issues list gives exit code 2 and exactly one line on stderr that names the
 * problem — never a stack trace (that needs {@code --debug}) and nothing on stdout.
 */
class CliBadInputTest {
    @TempDir
    Path dir;

    private Path copy(String resource) throws IOException {
        Path p = dir.resolve(resource);
        try (InputStream in = CliBadInputTest.class.getResourceAsStream("/predict/" + resource)) {
            Files.copy(in, p);
        }
        return p;
    }

    private static void assertUsageError(PredictCommandTest.Run r, String... fragments) {
        assertThat(r.exit()).as("exit code; stderr: %s", r.err()).isEqualTo(MlopsCli.EXIT_USAGE);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip().lines()).as("stderr lines").hasSize(1);
        assertThat(r.err()).startsWith("mlops: ").doesNotContain("\tat ", "Exception:");
        for (String f : fragments) {
            assertThat(r.err()).contains(f);
        }
    }

    @Test
    void aMissingModelFileIsNamed() throws IOException {
        Path missing = dir.resolve("nope.onnx");
        assertUsageError(mlops("predict", "--model", missing.toString(), "--input", copy("diabetes_linear.json").toString()),
                missing.toString());
    }

    @Test
    void aMissingInputFileIsNamed() throws IOException {
        Path missing = dir.resolve("absent.json");
        assertUsageError(mlops("predict", "--model", copy("diabetes_linear.onnx").toString(), "--input", missing.toString()),
                missing.toString());
    }

    @Test
    void anUnknownDtypeIsNamed() throws IOException {
        Path in = Files.writeString(dir.resolve("in.json"),
                "{\"inputs\": {\"x\": {\"dtype\": \"complex64\", \"shape\": [1, 10], \"data\": [1,2,3,4,5,6,7,8,9,10]}}}");
        assertUsageError(mlops("predict", "--model", copy("diabetes_linear.onnx").toString(), "--input", in.toString()),
                "complex64");
    }

    @Test
    void dataThatDoesNotMatchItsShapeIsRefused() throws IOException {
        Path in = Files.writeString(dir.resolve("in.json"),
                "{\"inputs\": {\"x\": {\"dtype\": \"float32\", \"shape\": [2, 10], \"data\": [1,2,3]}}}");
        assertUsageError(mlops("predict", "--model", copy("diabetes_linear.onnx").toString(), "--input", in.toString()),
                "x");
    }

    @Test
    void malformedJsonIsRefused() throws IOException {
        Path in = Files.writeString(dir.resolve("in.json"), "{\"inputs\": {\"x\": ");
        assertUsageError(mlops("predict", "--model", copy("diabetes_linear.onnx").toString(), "--input", in.toString()),
                in.toString());
    }

    @Test
    void aMalformedCsvIsRefused() throws IOException {
        Path ref = Files.writeString(dir.resolve("ref.csv"), "a,b\n1,2\n3,4\n");
        Path cur = Files.writeString(dir.resolve("cur.csv"), "a,b\n1,2,3,4\n\"unterminated,5\n");
        assertUsageError(mlops("drift", "--reference", ref.toString(), "--current", cur.toString()), "cur.csv");
    }

    @Test
    void anUnknownStoreSchemeListsTheKnownOnesAndHidesCredentials() {
        PredictCommandTest.Run r = mlops("registry", "--store", "nosuch://admin:hunter2@host/db", "models");
        assertUsageError(r, "nosuch", "file", "mem");
        assertThat(r.err()).doesNotContain("hunter2");
    }

    @Test
    void aStackTraceOnlyWithDebug() throws IOException {
        Path missing = dir.resolve("nope.onnx");
        PredictCommandTest.Run r = mlops("predict", "--debug", "--model", missing.toString(), "--input",
                copy("diabetes_linear.json").toString());
        assertThat(r.exit()).isEqualTo(MlopsCli.EXIT_USAGE);
        assertThat(r.err()).startsWith("mlops: ").contains(missing.toString());
    }
}
