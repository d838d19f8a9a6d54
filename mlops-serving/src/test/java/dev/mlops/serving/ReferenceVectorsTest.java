package dev.mlops.serving;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every fixture model reproduces the reference outputs computed by Python onnxruntime (fixtures/vectors). */
public class ReferenceVectorsTest {

    static Stream<Arguments> fixturesWithAndWithoutBufferReuse() {
        return Stream.of(TestModels.FIXTURES).flatMap(m -> Stream.of(Arguments.of(m, true), Arguments.of(m, false)));
    }

    @ParameterizedTest(name = "{0}, reuseBuffers={1}")
    @MethodSource("fixturesWithAndWithoutBufferReuse")
    void outputsEqualTheReferenceOutputs(String fixture, boolean reuse) throws Exception {
        JsonNode vector = TensorJson.mapper().readTree(TestModels.vector(fixture));
        Inputs inputs = TensorJson.readInputs(vector.get("inputs"));
        try (LoadedModel model = Models.load(TestModels.model(fixture),
                ModelOptions.builder().name(fixture).reuseBuffers(reuse).build())) {
            // twice: the second call runs on pooled buffers when reuse is on
            for (int round = 0; round < 2; round++) {
                Outputs out = model.predict(inputs);
                assertMatches(fixture, TensorJson.writeOutputs(out).get("outputs"), vector.get("outputs"));
            }
        }
    }

    /** Compares an output JSON tree with the reference tree: same structure, numbers within 1e-5 relative. */
    public static void assertMatches(String where, JsonNode actual, JsonNode expected) {
        assertThat(actual).as(where).isNotNull();
        if (expected.isObject()) {
            assertThat(actual.isObject()).as(where + " is an object").isTrue();
            List<String> expectedKeys = keys(expected);
            assertThat(keys(actual)).as(where + " keys")
                    .containsExactlyInAnyOrderElementsOf(expectedKeys);
            Iterator<Map.Entry<String, JsonNode>> it = expected.properties().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("dtype")) {
                    String want = e.getValue().asText();
                    String got = actual.get("dtype").asText();
                    assertThat(ElementType.fromNumpyName(got)).as(where + ".dtype").isEqualTo(ElementType.fromNumpyName(want));
                } else {
                    assertMatches(where + "." + e.getKey(), actual.get(e.getKey()), e.getValue());
                }
            }
        } else if (expected.isArray()) {
            assertThat(actual.size()).as(where + " length").isEqualTo(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                assertMatches(where + "[" + i + "]", actual.get(i), expected.get(i));
            }
        } else if (expected.isNumber()) {
            double want = expected.asDouble();
            double got = actual.asDouble();
            assertThat(Math.abs(got - want)).as(where + ": " + got + " vs " + want)
                    .isLessThanOrEqualTo(1e-6 + 1e-5 * Math.abs(want));
        } else {
            assertThat(actual).as(where).isEqualTo(expected);
        }
    }

    private static List<String> keys(JsonNode n) {
        List<String> k = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(k::add);
        return k;
    }
}
