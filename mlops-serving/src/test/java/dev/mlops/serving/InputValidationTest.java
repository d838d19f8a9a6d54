package dev.mlops.serving;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every validation rule rejects bad inputs before native code runs, with a message naming input, expected and given. */
class InputValidationTest {
    private static LoadedModel multiIo;
    private static LoadedModel diabetes;

    @BeforeAll
    static void load() {
        multiIo = TestModels.load("multi_io");
        diabetes = Models.load(TestModels.model("diabetes_linear"),
                ModelOptions.builder().name("diabetes_linear").maxBatch(100).build());
    }

    @AfterAll
    static void close() {
        multiIo.close();
        diabetes.close();
    }

    private static Tensor num(int rows) {
        return Tensor.ofFloats(new float[rows * 4], rows, 4);
    }

    private static Tensor cat(int rows) {
        return Tensor.ofLongs(new long[rows], rows, 1);
    }

    @Test
    void anUnknownInputNameIsRejectedListingTheModelsInputs() {
        Inputs in = Inputs.builder().add("num", num(2)).add("cat", cat(2)).add("extra", cat(2)).build();
        assertThatThrownBy(() -> multiIo.predict(in))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.inputName()).isEqualTo("extra"))
                .hasMessage("model 'multi_io' has no input named 'extra'; its inputs are [num, cat]");
    }

    @Test
    void aMissingInputIsRejectedWithItsExpectedTypeAndShape() {
        assertThatThrownBy(() -> multiIo.predict(Inputs.of("num", num(2))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.inputName()).isEqualTo("cat"))
                .hasMessage("model 'multi_io' needs input 'cat' (int64 [batch, 1]), which was not given; given [num]");
    }

    @Test
    void aWrongElementTypeIsRejected() {
        Inputs in = Inputs.of("num", Tensor.ofDoubles(new double[8], 2, 4), "cat", cat(2));
        assertThatThrownBy(() -> multiIo.predict(in))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.inputName()).isEqualTo("num");
                    assertThat(e.expected()).isEqualTo("float32");
                    assertThat(e.given()).isEqualTo("float64");
                })
                .hasMessage("input 'num' of model 'multi_io' expects float32, given float64 [2, 4]; convert the data to float32");
    }

    @Test
    void aWrongRankIsRejected() {
        Inputs in = Inputs.of("num", Tensor.ofFloats(new float[4], 4), "cat", cat(1));
        assertThatThrownBy(() -> multiIo.predict(in))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("input 'num' of model 'multi_io' expects rank 2 (shape [batch, 4]), given rank 1 (shape [4])");
    }

    @Test
    void aWrongFixedDimensionIsRejected() {
        Inputs in = Inputs.of("num", Tensor.ofFloats(new float[6], 2, 3), "cat", cat(2));
        assertThatThrownBy(() -> multiIo.predict(in))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("input 'num' of model 'multi_io': dimension 1 must be 4 (shape [batch, 4]), given shape [2, 3]");
    }

    @Test
    void inputsThatDisagreeOnANamedDimensionAreRejected() {
        Inputs in = Inputs.of("num", num(3), "cat", cat(2));
        assertThatThrownBy(() -> multiIo.predict(in))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("input 'cat' of model 'multi_io': dimension 'batch' is 2 here but 3 in an earlier input;"
                        + " inputs sharing a dimension name must agree");
    }

    @Test
    void aBatchAboveTheMaximumIsRejected() {
        assertThatThrownBy(() -> diabetes.predict(Tensor.ofFloats(new float[1010], 101, 10)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.given()).isEqualTo("batch 101"))
                .hasMessage("input 'x' of model 'diabetes_linear' has batch 101, above the maximum of 100"
                        + " (ModelOptions.maxBatch); split the request");
        assertThat(diabetes.predict(Tensor.ofFloats(new float[1000], 100, 10)).first().shape()).containsExactly(100, 1);
    }

    @Test
    void dataThatDoesNotMatchTheShapeIsRejectedNamingTheInput() {
        assertThatThrownBy(() -> Inputs.builder().add("x", new float[9], 1, 10))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.inputName()).isEqualTo("x"))
                .hasMessage("input 'x': shape [1, 10] holds 10 elements but the data has 9;"
                        + " pass a flat row-major array of exactly that length");
        assertThatThrownBy(() -> Tensor.ofFloats(new float[9], 1, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jsonDataThatDoesNotMatchItsShapeOrDtypeIsRejectedNamingTheInput() throws Exception {
        JsonNode shortData = TensorJson.mapper().readTree("{\"x\": {\"dtype\": \"float32\", \"shape\": [1, 10], \"data\": [1, 2]}}");
        assertThatThrownBy(() -> TensorJson.readInputs(shortData))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("input 'x': shape [1, 10] holds 10 elements but the data has 2");
        JsonNode badDtype = TensorJson.mapper().readTree("{\"x\": {\"dtype\": \"complex64\", \"shape\": [1], \"data\": [1]}}");
        assertThatThrownBy(() -> TensorJson.readInputs(badDtype))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("input 'x'").hasMessageContaining("'complex64'");
        JsonNode notANumber = TensorJson.mapper().readTree("{\"x\": {\"dtype\": \"int64\", \"shape\": [2], \"data\": [1, \"abc\"]}}");
        assertThatThrownBy(() -> TensorJson.readInputs(notANumber))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("input 'x', element 1: 'abc' is not an integer (expected int64)");
    }

    @Test
    void anUnnamedTensorIsRejectedForAModelWithSeveralInputs() {
        assertThatThrownBy(() -> multiIo.predict(num(1)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("model 'multi_io' has 2 inputs [num, cat]; name each one (Inputs.builder().add(name, tensor))");
    }

    @Test
    void aFileThatIsNotOnnxFailsToLoadWithAClearError(@TempDir Path dir) throws Exception {
        Path text = dir.resolve("notes.onnx");
        Files.writeString(text, "this is not a model");
        assertThatThrownBy(() -> Models.load(text))
                .isInstanceOfSatisfying(ModelLoadException.class, e -> assertThat(e.source()).isEqualTo(text.toString()))
                .hasMessageStartingWith("cannot load model " + text + " (19 bytes): ONNX Runtime says: ")
                .hasMessageEndingWith("Is it a complete ONNX file (not truncated, not another format)?");
    }

    @Test
    void aTruncatedModelFailsToLoadWithAClearError(@TempDir Path dir) throws Exception {
        byte[] full = TestModels.model("breast_cancer_mlp_v1");
        Path cut = dir.resolve("cut.onnx");
        Files.write(cut, Arrays.copyOf(full, full.length / 2));
        assertThatThrownBy(() -> Models.load(cut))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("cannot load model " + cut + " (" + full.length / 2 + " bytes)");
    }

    @Test
    void aMissingOrEmptyFileFailsToLoadWithAClearError(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> Models.load(dir.resolve("nope.onnx")))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("model file " + dir.resolve("nope.onnx") + " does not exist");
        Path empty = Files.createFile(dir.resolve("empty.onnx"));
        assertThatThrownBy(() -> Models.load(empty))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("model " + empty + " is empty (0 bytes); expected an ONNX file");
    }

    @Test
    void recordsBuildOneColumnPerNamedInput() {
        List<java.util.Map<String, Object>> rows = List.of(
                java.util.Map.of("num", List.of(1.0, 2.0, 3.0, 4.0), "cat", 2),
                java.util.Map.of("num", new float[]{5, 6, 7, 8}, "cat", "0"));
        Inputs in = Inputs.fromRecords(multiIo.signature(), rows);
        assertThat(in.get("num")).isEqualTo(Tensor.ofFloats(new float[]{1, 2, 3, 4, 5, 6, 7, 8}, 2, 4));
        assertThat(in.get("cat")).isEqualTo(Tensor.ofLongs(new long[]{2, 0}, 2, 1));
        assertThat(multiIo.predict(in).tensor("argmax").shape()).containsExactly(2);
    }

    @Test
    void recordsWithAColumnOrderFeedAOneMatrixModel() {
        List<String> cols = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
        java.util.Map<String, Object> row = new java.util.HashMap<>();
        for (int i = 0; i < cols.size(); i++) {
            row.put(cols.get(i), i * 0.5);
        }
        Inputs in = Inputs.fromRecords(diabetes.signature(), List.of(row), cols);
        assertThat(in.get("x").floatData()).containsExactly(0f, 0.5f, 1f, 1.5f, 2f, 2.5f, 3f, 3.5f, 4f, 4.5f);
        row.put("d", "n/a");
        assertThatThrownBy(() -> Inputs.fromRecords(diabetes.signature(), List.of(row, row), cols))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("record 0, column 'd': 'n/a' is not a number (expected float32)");
    }
}
