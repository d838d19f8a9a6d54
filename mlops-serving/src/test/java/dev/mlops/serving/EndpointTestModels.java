package dev.mlops.serving;

import java.util.List;

/** Tiny models for endpoint tests: {@code y = x + c}, so every output tells which variant answered. */
public final class EndpointTestModels {
    private EndpointTestModels() {
    }

    /** {@code y[n, 2] = x[n, 2] + [c, c]}. */
    public static byte[] addBytes(float c) {
        return new OnnxModelWriter()
                .input("x", OnnxModelWriter.FLOAT, "n", 2L)
                .output("y", OnnxModelWriter.FLOAT, "n", 2L)
                .floatInitializer("c", new float[]{c, c}, 2)
                .node("Add", List.of("x", "c"), List.of("y"))
                .toBytes();
    }

    public static LoadedModel add(float c) {
        return Models.load(addBytes(c), ModelOptions.builder().name("add" + (int) c).build());
    }

    public static final Inputs ONE = Inputs.of(Tensor.ofFloats(new float[]{1, 1}, 1, 2));

    /** The constant the answering model added, read back from an output. */
    public static float constantOf(Outputs out) {
        return out.first().floatData()[0] - 1;
    }
}
