package dev.mlops.registry.onnx;

import dev.mlops.registry.InvalidModelException;
import dev.mlops.registry.TestStores;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OnnxSignaturesTest {
    private static final JsonNode EXPECTED;

    static {
        try {
            EXPECTED = new ObjectMapper().readTree(TestStores.resource("models/signatures.json"));
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"breast_cancer_mlp_v1.onnx", "breast_cancer_mlp_v2.onnx", "diabetes_linear.onnx",
            "iris_logreg_zipmap.onnx", "multi_io.onnx"})
    void signatureMatchesWhatOnnxRuntimeReports(String model) {
        ModelSignature sig = OnnxSignatures.read(TestStores.resource("models/" + model));
        JsonNode meta = EXPECTED.get(model);
        assertThat(describe(sig.inputs())).isEqualTo(describe(meta.get("input_meta")));
        assertThat(describe(sig.outputs())).isEqualTo(describe(meta.get("output_meta")));
    }

    @Test
    void zipMapOutputIsASequenceOfMapsWithInt64Keys() {
        ModelSignature sig = OnnxSignatures.read(TestStores.resource("models/iris_logreg_zipmap.onnx"));
        ValueInfo probs = sig.output("output_probability").orElseThrow();
        assertThat(probs.type().describe()).isEqualTo("seq(map(int64,tensor(float)))");
        ValueType.MapType map = (ValueType.MapType) ((ValueType.Sequence) probs.type()).elementType();
        assertThat(map.keyType()).isEqualTo(ElementType.INT64);
        assertThat(((ValueType.Tensor) map.valueType()).elementType()).isEqualTo(ElementType.FLOAT);
        assertThat(sig.input("float_input").orElseThrow().type())
                .isEqualTo(ValueType.Tensor.of(ElementType.FLOAT, List.of(Dimension.unknown(), Dimension.of(4))));
    }

    @Test
    void symbolicBatchDimensionKeepsItsName() {
        ModelSignature sig = OnnxSignatures.read(TestStores.resource("models/multi_io.onnx"));
        assertThat(sig.inputs()).extracting(ValueInfo::name).containsExactly("num", "cat");
        ValueType.Tensor cat = (ValueType.Tensor) sig.input("cat").orElseThrow().type();
        assertThat(cat.elementType()).isEqualTo(ElementType.INT64);
        assertThat(cat.shape().orElseThrow()).containsExactly(Dimension.symbolic("batch"), Dimension.of(1));
    }

    @Test
    void initializersAreNotInputs() {
        // the MLP's weights are graph initializers; only 'features' is fed
        ModelSignature sig = OnnxSignatures.read(TestStores.resource("models/breast_cancer_mlp_v2.onnx"));
        assertThat(sig.inputs()).extracting(ValueInfo::name).containsExactly("features");
    }

    @Test
    void bytesThatAreNotOnnxAreRefusedWithAClearMessage() {
        assertThatThrownBy(() -> OnnxSignatures.read("hello, world".getBytes()))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("ONNX");
        assertThat(OnnxSignatures.tryRead(new ByteArrayInputStream(new byte[0]))).isEmpty();
    }

    @Test
    void aTruncatedModelIsRefused() {
        byte[] full = TestStores.resource("models/breast_cancer_mlp_v1.onnx");
        byte[] cut = java.util.Arrays.copyOf(full, full.length / 2);
        assertThatThrownBy(() -> OnnxSignatures.read(cut)).isInstanceOf(InvalidModelException.class);
    }

    private static List<String> describe(List<ValueInfo> values) {
        List<String> out = new ArrayList<>();
        for (ValueInfo v : values) {
            out.add(v.name() + " " + v.type().describe() + " " + v.shapeStrings());
        }
        return out;
    }

    private static List<String> describe(JsonNode meta) {
        List<String> out = new ArrayList<>();
        for (JsonNode m : meta) {
            List<String> shape = new ArrayList<>();
            m.get("shape").forEach(s -> shape.add(s.asText()));
            out.add(m.get("name").asText() + " " + m.get("type").asText() + " " + shape);
        }
        return out;
    }
}
