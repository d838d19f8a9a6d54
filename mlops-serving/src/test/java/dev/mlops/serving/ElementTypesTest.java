package dev.mlops.serving;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every element type ONNX Runtime Java supports goes in and comes back unchanged, through hand-built Identity models. */
class ElementTypesTest {

    /** Six elements of each type, including extremes, NaN and non-ASCII text. */
    static Object sample(ElementType type) {
        switch (type) {
            case FLOAT: return new float[]{0f, -1.5f, Float.MAX_VALUE, Float.MIN_VALUE, Float.NaN, Float.NEGATIVE_INFINITY};
            case DOUBLE: return new double[]{0d, -1.5d, Double.MAX_VALUE, Double.MIN_VALUE, Double.NaN, 1e-300};
            case FLOAT16: return new short[]{0x2e66, (short) 0xc100, 0x7bff, 0x0001, 0x7c00, (short) 0x8000};
            case BFLOAT16: return new short[]{0x3dcd, (short) 0xc020, 0x7f62, 0x0001, 0x7f80, (short) 0x8000};
            case INT8: return new byte[]{0, -1, Byte.MAX_VALUE, Byte.MIN_VALUE, 42, -42};
            case UINT8: return new byte[]{0, (byte) 255, (byte) 128, 127, 1, 42};
            case INT16: return new short[]{0, -1, Short.MAX_VALUE, Short.MIN_VALUE, 300, -300};
            case INT32: return new int[]{0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 70000, -70000};
            case INT64: return new long[]{0, -1, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 40, -(1L << 40)};
            case BOOL: return new boolean[]{true, false, false, true, true, false};
            case STRING: return new String[]{"", "a", "naïve", "東京", "with space", "x".repeat(100)};
            default: throw new AssertionError(type);
        }
    }

    static Stream<Arguments> everyTypeWithAndWithoutReuse() {
        return Stream.of(ElementType.values()).flatMap(t -> Stream.of(Arguments.of(t, true), Arguments.of(t, false)));
    }

    @ParameterizedTest(name = "{0}, reuseBuffers={1}")
    @MethodSource("everyTypeWithAndWithoutReuse")
    void aBatchedTensorRoundTripsThroughIdentity(ElementType type, boolean reuse) {
        try (LoadedModel model = Models.load(OnnxModelWriter.identity(type, "batch", 3L),
                ModelOptions.builder().reuseBuffers(reuse).build())) {
            assertThat(model.signature().inputs().get(0).elementType()).contains(type);
            assertThat(model.signature().inputs().get(0).isBatched()).isTrue();
            Tensor in = Tensor.of(type, sample(type), 2, 3);
            for (int round = 0; round < 3; round++) {
                Tensor out = model.predict(in).tensor("y");
                assertThat(out.type()).isEqualTo(type);
                assertThat(out.shape()).containsExactly(2, 3);
                assertThat(out).isEqualTo(in);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ElementType.class)
    void aScalarRoundTripsThroughARankZeroModel(ElementType type) {
        try (LoadedModel model = Models.load(OnnxModelWriter.identity(type))) {
            TensorSpec spec = model.signature().inputs().get(0);
            assertThat(spec.rank()).isZero();
            assertThat(spec.isBatched()).isFalse();
            Object one = java.lang.reflect.Array.newInstance(Tensor.carrierClass(type).getComponentType(), 1);
            java.lang.reflect.Array.set(one, 0, java.lang.reflect.Array.get(sample(type), 2));
            Tensor in = Tensor.of(type, one);
            Tensor out = model.predict(in).tensor("y");
            assertThat(out.rank()).isZero();
            assertThat(out.size()).isEqualTo(1);
            assertThat(out).isEqualTo(in);
        }
    }

    @ParameterizedTest
    @EnumSource(ElementType.class)
    void anEmptyTensorRoundTrips(ElementType type) {
        try (LoadedModel model = Models.load(OnnxModelWriter.identity(type, "batch", 3L))) {
            Object empty = java.lang.reflect.Array.newInstance(Tensor.carrierClass(type).getComponentType(), 0);
            Tensor out = model.predict(Tensor.of(type, empty, 0, 3)).tensor("y");
            assertThat(out.shape()).containsExactly(0, 3);
            assertThat(out.size()).isZero();
        }
    }

    @Test
    void aFixedShapeModelWithoutBatchDimensionPredictsAsItIs() {
        try (LoadedModel model = Models.load(OnnxModelWriter.identity(ElementType.FLOAT, 2L, 3L))) {
            TensorSpec spec = model.signature().inputs().get(0);
            assertThat(spec.isBatched()).isFalse();
            assertThat(spec.shape()).containsExactly(2, 3);
            float[] data = {1, 2, 3, 4, 5, 6};
            Tensor out = model.predict(Tensor.ofFloats(data, 2, 3)).tensor("y");
            assertThat(out.floatData()).containsExactly(data);
            assertThat(model.pinningDisabled()).isFalse();
        }
    }

    @Test
    void castConvertsBetweenTypesAndPinsTheOutputWhoseShapeFollowsTheInput() {
        byte[] cast = new OnnxModelWriter()
                .input("x", OnnxModelWriter.FLOAT, "n", 2L)
                .output("y", OnnxModelWriter.FLOAT16, "n", 2L)
                .node("Cast", List.of("x"), List.of("y"), OnnxModelWriter.FLOAT16)
                .toBytes();
        try (LoadedModel model = Models.load(cast)) {
            for (int round = 0; round < 3; round++) {
                Tensor out = model.predict(Tensor.ofFloats(new float[]{0.1f, -2.5f, 65504f, 1e-8f}, 2, 2)).tensor("y");
                // np.array([0.1, -2.5, 65504, 1e-8], dtype=np.float16).view(np.uint16) -> 0x2e66 0xc100 0x7bff 0x0000
                assertThat(out.shortData()).containsExactly((short) 0x2e66, (short) 0xc100, (short) 0x7bff, (short) 0);
                assertThat(out.floatValues()).containsExactly(0.0999755859375f, -2.5f, 65504f, 0f);
            }
            assertThat(model.pinningDisabled()).isFalse();
        }
    }

    @Test
    void anOutputWhoseShapeIsNotWhatTheSignatureSuggestsFallsBackCleanlyFromPinning() {
        // y is declared [n, 2] with n the batch of x, but Reshape makes it whatever s says: the pinned guess is wrong.
        byte[] reshape = new OnnxModelWriter()
                .input("x", OnnxModelWriter.FLOAT, "n", 3L)
                .input("s", OnnxModelWriter.INT64, 2L)
                .output("y", OnnxModelWriter.FLOAT, "n", 2L)
                .node("Reshape", List.of("x", "s"), List.of("y"))
                .toBytes();
        try (LoadedModel model = Models.load(reshape)) {
            float[] data = {1, 2, 3, 4, 5, 6};
            Inputs in = Inputs.of("x", Tensor.ofFloats(data, 2, 3), "s", Tensor.ofLongs(new long[]{3, 2}, 2));
            Tensor first = model.predict(in).tensor("y");
            Tensor second = model.predict(in).tensor("y");
            assertThat(first.shape()).containsExactly(3, 2);
            assertThat(first.floatData()).containsExactly(data);
            assertThat(second).isEqualTo(first);
            assertThat(model.pinningDisabled()).isTrue();
        }
    }

    @Test
    void buildersFromRowsAndFlatArraysAgree() {
        Tensor rows = Tensor.ofRows(new float[][]{{1, 2, 3}, {4, 5, 6}});
        Tensor flat = Tensor.ofFloats(new float[]{1, 2, 3, 4, 5, 6}, 2, 3);
        assertThat(rows).isEqualTo(flat);
        assertThat(Inputs.builder().add("x", new float[]{1, 2, 3, 4, 5, 6}, 2, 3).build().get("x")).isEqualTo(flat);
    }
}
