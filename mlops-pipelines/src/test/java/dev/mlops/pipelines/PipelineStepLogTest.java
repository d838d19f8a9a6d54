package dev.mlops.pipelines;

import dev.mlops.registry.Registry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stable {@code event=pipeline.step} log line (gate decisions are step outcomes; the README documents the keys).
 * slf4j-simple writes to System.err, which the test captures.
 */
class PipelineStepLogTest {
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream original;

    @BeforeEach
    void capture() {
        original = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setErr(original);
    }

    @Test
    void everyStepOutcomeIsLoggedWithStableKeys() {
        try (Registry registry = Registry.inMemory()) {
            Pipelines pipelines = Pipelines.builder(registry).build();
            Pipeline gated = Pipeline.builder("release")
                    .step("data-check", ctx -> StepResult.ok())
                    .step("approval", ctx -> StepResult.waiting("needs an approver", Map.of()))
                    .build();
            pipelines.run(gated, "alice", Map.of());
            Pipeline refused = Pipeline.builder("refused")
                    .step("metric-gate", ctx -> StepResult.failed("auc 0.81 < 0.90"))
                    .build();
            pipelines.run(refused, "alice", Map.of());
        }
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("event=pipeline.step ")).map(l -> l.substring(l.indexOf("event="))).toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("event=pipeline.step pipeline=release run=")
                .endsWith(" step=data-check status=succeeded attempt=1 reason=none");
        assertThat(lines.get(1)).endsWith(" step=approval status=waiting attempt=1 reason=\"needs an approver\"");
        assertThat(lines.get(2)).startsWith("event=pipeline.step pipeline=refused run=")
                .endsWith(" step=metric-gate status=failed attempt=1 reason=\"auc 0.81 < 0.90\"");
    }
}
