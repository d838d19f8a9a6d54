package dev.mlops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.serving.ElementType;
import dev.mlops.serving.OnnxModelWriter;
import dev.mlops.serving.TensorJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code mlops predict} per CLI.md item 1: every reference vector file is valid input and its outputs come back. */
class PredictCommandTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    static Run mlops(String... args) {
        CommandLine cl = MlopsCli.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Path copy(String resource) throws IOException {
        Path p = dir.resolve(resource);
        try (InputStream in = PredictCommandTest.class.getResourceAsStream("/predict/" + resource)) {
            Files.copy(in, p);
        }
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"diabetes_linear", "breast_cancer_mlp_v1", "breast_cancer_mlp_v2", "iris_logreg_zipmap", "multi_io"})
    void everyReferenceVectorFileIsValidInputAndItsOutputsComeBack(String fixture) throws Exception {
        Path model = copy(fixture + ".onnx");
        Path vector = copy(fixture + ".json");
        Run r = mlops("predict", "--model", model.toString(), "--input", vector.toString(), "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode actual = TensorJson.mapper().readTree(r.out());
        JsonNode expected = TensorJson.mapper().readTree(Files.readAllBytes(vector));
        assertMatches(fixture, actual.get("outputs"), expected.get("outputs"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"float32", "float64", "float16", "bfloat16", "int8", "int16", "int32", "int64", "uint8", "bool", "object"})
    void everyDtypeRoundTripsIncludingScalarsAndEmptyTensors(String dtype) throws Exception {
        ElementType type = ElementType.fromNumpyName(dtype).orElseThrow();
        String data;
        switch (type) {
            case BOOL: data = "[true, false, true, false]"; break;
            case STRING: data = "[\"a\", \"\", \"naïve\", \"東京\"]"; break;
            case UINT8: data = "[0, 255, 128, 7]"; break;
            case INT8: data = "[0, -128, 127, 7]"; break;
            case FLOAT: case DOUBLE: data = "[0.5, -1.25, 3.0, 1e-3]"; break;
            case FLOAT16: case BFLOAT16: data = "[0.5, -1.25, 3.0, 0.0]"; break;
            default: data = "[0, -1, 30000, 7]"; break;
        }
        // batched [2, 2]
        Path model = dir.resolve("identity.onnx");
        Files.write(model, OnnxModelWriter.identity(type, "batch", 2L));
        Path in = dir.resolve("in.json");
        Files.writeString(in, "{\"inputs\": {\"x\": {\"dtype\": \"" + dtype + "\", \"shape\": [2, 2], \"data\": " + data + "}}}");
        Run r = mlops("predict", "--model", model.toString(), "--input", in.toString(), "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode y = TensorJson.mapper().readTree(r.out()).get("outputs").get("y");
        assertThat(y.get("dtype").asText()).isEqualTo(dtype);
        assertThat(y.get("shape").toString()).isEqualTo("[2,2]");
        assertMatches(dtype, y.get("data"), TensorJson.mapper().readTree(data));

        // rank 0
        Path scalarModel = dir.resolve("scalar.onnx");
        Files.write(scalarModel, OnnxModelWriter.identity(type));
        String first = TensorJson.mapper().readTree(data).get(1).toString();
        Files.writeString(in, "{\"inputs\": {\"x\": {\"dtype\": \"" + dtype + "\", \"shape\": [], \"data\": [" + first + "]}}}");
        r = mlops("predict", "--model", scalarModel.toString(), "--input", in.toString(), "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        y = TensorJson.mapper().readTree(r.out()).get("outputs").get("y");
        assertThat(y.get("shape").toString()).isEqualTo("[]");
        assertMatches(dtype, y.get("data"), TensorJson.mapper().readTree("[" + first + "]"));

        // empty
        Files.writeString(in, "{\"inputs\": {\"x\": {\"dtype\": \"" + dtype + "\", \"shape\": [0, 2], \"data\": []}}}");
        r = mlops("predict", "--model", model.toString(), "--input", in.toString(), "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        y = TensorJson.mapper().readTree(r.out()).get("outputs").get("y");
        assertThat(y.get("shape").toString()).isEqualTo("[0,2]");
        assertThat(y.get("data").size()).isZero();
    }

    @Test
    void badInputExitsWithTwoAndAOneLineErrorNamingTheInput() throws Exception {
        Path model = copy("multi_io.onnx");
        Path in = dir.resolve("bad.json");
        Files.writeString(in, "{\"inputs\": {\"num\": {\"dtype\": \"float64\", \"shape\": [1, 4], \"data\": [1, 2, 3, 4]},"
                + " \"cat\": {\"dtype\": \"int64\", \"shape\": [1, 1], \"data\": [0]}}}");
        Run r = mlops("predict", "--model", model.toString(), "--input", in.toString(), "--json");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("mlops: input 'num' of model 'multi_io' expects float32, given float64 [1, 4];"
                + " convert the data to float32" + System.lineSeparator());
    }

    @Test
    void aModelThatIsNotOnnxExitsWithTwo() throws Exception {
        Path model = Files.writeString(dir.resolve("m.onnx"), "nope");
        Path in = copy("diabetes_linear.json");
        Run r = mlops("predict", "--model", model.toString(), "--input", in.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("mlops: cannot load model " + model).doesNotContain("\tat ");
    }

    @Test
    void withoutJsonItPrintsAReadableSummary() throws Exception {
        Run r = mlops("predict", "--model", copy("diabetes_linear.onnx").toString(), "--input",
                copy("diabetes_linear.json").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("y float32[16, 1]: [");
    }

    @Test
    void helpShowsAnExample() {
        Run r = mlops("predict", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("bin/mlops predict --model model.onnx --input input.json --json");
    }

    static void assertMatches(String where, JsonNode actual, JsonNode expected) {
        assertThat(actual).as(where).isNotNull();
        if (expected.isObject()) {
            List<String> keys = new ArrayList<>();
            expected.fieldNames().forEachRemaining(keys::add);
            List<String> got = new ArrayList<>();
            actual.fieldNames().forEachRemaining(got::add);
            assertThat(got).as(where).containsExactlyInAnyOrderElementsOf(keys);
            Iterator<Map.Entry<String, JsonNode>> it = expected.properties().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                assertMatches(where + "." + e.getKey(), actual.get(e.getKey()), e.getValue());
            }
        } else if (expected.isArray()) {
            assertThat(actual.size()).as(where).isEqualTo(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                assertMatches(where + "[" + i + "]", actual.get(i), expected.get(i));
            }
        } else if (expected.isNumber()) {
            assertThat(Math.abs(actual.asDouble() - expected.asDouble())).as(where)
                    .isLessThanOrEqualTo(1e-6 + 1e-5 * Math.abs(expected.asDouble()));
        } else {
            assertThat(actual).as(where).isEqualTo(expected);
        }
    }
}
