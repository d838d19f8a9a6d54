package dev.mlops.endpointdrift;

import dev.mlops.monitoring.DriftMonitor;
import dev.mlops.monitoring.ReferenceProfile;
import dev.mlops.registry.Registry;
import dev.mlops.serving.OnnxModelWriter;
import dev.mlops.serving.Outputs;
import dev.mlops.serving.endpoint.Endpoint;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's serving snippet (an endpoint from an alias, provenance printed, monitoring in one line), run. */
class ReadmeServingTest {

    private static byte[] add(float c) {
        return new OnnxModelWriter().input("x", OnnxModelWriter.FLOAT, "n", 2L).output("y", OnnxModelWriter.FLOAT,
                        "n", 2L).floatInitializer("c", new float[]{c, c}, 2).node("Add", List.of("x", "c"), List.of("y"))
                .toBytes();
    }

    @Test
    void theReadmeSnippetServesFromAnAliasPrintsProvenanceAndFeedsTheMonitor() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        try (Registry registry = Registry.inMemory()) {
            registry.register("fraud").bytes(add(1)).fileName("model.onnx").commit();
            registry.register("fraud").bytes(add(2)).fileName("model.onnx").commit();
            registry.setAlias("fraud", "production", 1, "alice", "first release");
            ReferenceProfile profile = ReferenceProfile.builder().numeric("amount", new double[]{1, 2, 3})
                    .numeric("age", new double[]{4, 5, 6}).build();
            float[][] rows = {{1, 2}};
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            try {
                run(registry, profile, rows);
            } finally {
                System.setOut(stdout);
            }
            String digest = registry.version("fraud", 1).artifact().digest().toString();
            assertThat(printed.toString(StandardCharsets.UTF_8)).startsWith("endpoint=fraud variant=production "
                    + "model=fraud version=1 digest=" + digest + " shadow=false");
        }
    }

    private static void run(Registry registry, ReferenceProfile profile, float[][] rows) throws InterruptedException {
        try (DriftMonitor monitor = DriftMonitor.builder(profile).countWindow(1_000).build();
             Endpoint endpoint = Endpoint.builder("fraud").follow(registry, "fraud", "production").build();
             EndpointDrift drift = EndpointDrift.watch(endpoint, monitor)) {   // inputs and predictions -> drift
            Outputs out = endpoint.predict(rows);
            System.out.println(out.provenance());
            // endpoint=fraud variant=production model=fraud version=1 digest=sha256:… shadow=false
            registry.setAlias("fraud", "production", 2, "alice", "promote v2");
            endpoint.awaitVersion("production", 2, Duration.ofSeconds(10));   // no polling by hand
            System.out.println(endpoint.predict(rows).provenance().version());  // OptionalInt[2]
        }
    }
}
