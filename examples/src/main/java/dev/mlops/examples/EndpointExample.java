package dev.mlops.examples;

import dev.mlops.serving.endpoint.CanaryRamp;
import dev.mlops.serving.endpoint.Endpoint;
import dev.mlops.serving.Inputs;
import dev.mlops.serving.Models;
import dev.mlops.serving.Outputs;
import dev.mlops.serving.Tensor;
import dev.mlops.serving.routing.RampSchedule;
import dev.mlops.serving.routing.RoutingPolicy;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A canary ramp from v1 to v2 of the breast-cancer MLP, then v1 shadowing v2: the README's endpoint snippet, verbatim.
 * Argument: a directory holding the two models (default: the models shipped in this module).
 */
public final class EndpointExample {
    private EndpointExample() {
    }

    public static void main(String[] args) {
        Path dir = args.length > 0 ? Path.of(args[0]) : Fixtures.directory();
        Path v1 = dir.resolve("breast_cancer_mlp_v1.onnx");
        Path v2 = dir.resolve("breast_cancer_mlp_v2.onnx");
        Inputs row = Inputs.of(Tensor.ofFloats(new float[30], 1, 30));
        // README: begin
        try (Endpoint endpoint = Endpoint.builder("cancer")
                .variant("v1", Models.load(v1)).variant("v2", Models.load(v2))
                .policy(RoutingPolicy.single("v1")).build()) {
            CanaryRamp ramp = endpoint.startCanaryRamp("v1", "v2",
                    RampSchedule.of(0.05, 0.25, 0.5, 1).every(Duration.ofMinutes(10)));
            Outputs out = endpoint.predict(row);   // 5 % of requests answered by v2
            ramp.advance();                        // 25 % now; ramp.pause() and ramp.abort() (back to v1) too
            endpoint.setPolicy(RoutingPolicy.shadow(RoutingPolicy.single("v2"), 0.10, "v1"));
            endpoint.predict(row);                 // v2 answers; 10 % mirrored to v1 off this thread and compared
            System.out.println(out.first() + "\n" + endpoint.stats().variant("v1"));
        }
        // README: end
    }
}
