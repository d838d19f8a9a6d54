package dev.mlops.serving;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Signatures read from ONNX metadata: initializers are not inputs; dimension 0 is a batch only when symbolic. */
class SignatureTest {

    @Test
    void theSignatureOfAFixtureModelNamesItsInputsAndOutputs() {
        try (LoadedModel m = TestModels.load("multi_io")) {
            Signature s = m.signature();
            assertThat(s.inputNames()).containsExactly("num", "cat");
            assertThat(s.outputNames()).containsExactly("scores", "argmax");
            TensorSpec num = s.input("num").orElseThrow();
            assertThat(num.elementType()).contains(ElementType.FLOAT);
            assertThat(num.shape()).containsExactly(TensorSpec.SYMBOLIC, 4);
            assertThat(num.dimensionNames()).containsExactly("batch", "");
            assertThat(num.isBatched()).isTrue();
            assertThat(num.toString()).isEqualTo("num: float32[batch, 4]");
            assertThat(s.output("argmax").orElseThrow().elementType()).contains(ElementType.INT64);
        }
    }

    @Test
    void aZipMapOutputIsASequence() {
        try (LoadedModel m = TestModels.load("iris_logreg_zipmap")) {
            TensorSpec probs = m.signature().output("output_probability").orElseThrow();
            assertThat(probs.kind()).isEqualTo(TensorSpec.Kind.SEQUENCE);
            assertThat(probs.elementType()).isEmpty();
            Outputs out = m.predict(Tensor.ofFloats(new float[]{5.1f, 3.5f, 1.4f, 0.2f}, 1, 4));
            List<java.util.Map<Long, Float>> maps = out.maps("output_probability");
            assertThat(maps).hasSize(1);
            assertThat(maps.get(0)).containsOnlyKeys(0L, 1L, 2L);
            assertThat(maps.get(0).values().stream().mapToDouble(Float::doubleValue).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
            assertThat(out.tensor("label").longData()).containsExactly(0L);
        }
    }

    @Test
    void initializersListedAmongGraphInputsAreNotPartOfTheSignature() {
        // IR version 3 style: "w" is both a graph input and an initializer (an overridable constant).
        byte[] model = new OnnxModelWriter().irVersion(3).opset(9)
                .input("x", OnnxModelWriter.FLOAT, "n", 2L)
                .input("w", OnnxModelWriter.FLOAT, 2L)
                .output("y", OnnxModelWriter.FLOAT, "n", 2L)
                .floatInitializer("w", new float[]{10f, 20f}, 2)
                .node("Add", List.of("x", "w"), List.of("y"))
                .toBytes();
        try (LoadedModel m = Models.load(model)) {
            assertThat(m.signature().inputNames()).containsExactly("x");
            assertThat(m.predict(Tensor.ofFloats(new float[]{1, 2, 3, 4}, 2, 2)).first().floatData())
                    .containsExactly(11f, 22f, 13f, 24f);
        }
    }

    @Test
    void aFixedFirstDimensionIsNotABatchDimension() {
        try (LoadedModel m = Models.load(OnnxModelWriter.identity(ElementType.FLOAT, 1L, 4L))) {
            assertThat(m.signature().inputs().get(0).isBatched()).isFalse();
        }
        try (LoadedModel m = Models.load(OnnxModelWriter.identity(ElementType.FLOAT, "", 4L))) {
            // an unnamed symbolic dimension still makes a batch
            TensorSpec s = m.signature().inputs().get(0);
            assertThat(s.isBatched()).isTrue();
            assertThat(s.shapeString()).isEqualTo("[?, 4]");
        }
    }
}
