package dev.mlops.test;

import dev.mlops.monitoring.DriftMonitor;
import dev.mlops.monitoring.ReferenceProfile;
import dev.mlops.registry.AliasPolicy;
import dev.mlops.registry.AliasProtectedException;
import dev.mlops.registry.Registry;
import dev.mlops.serving.endpoint.Endpoint;
import dev.mlops.serving.LoadedModel;
import dev.mlops.serving.Models;
import dev.mlops.serving.routing.RoutingPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The stable {@code event=...} log lines of alias moves, gate decisions, endpoint swaps and drift alerts (the README
 * documents them; log pipelines parse them). slf4j-simple writes to System.err, which each test captures.
 */
class StructuredLogTest {
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

    private List<String> events(String event) {
        return captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("event=" + event + " "))
                .map(l -> l.substring(l.indexOf("event="))).toList();
    }

    @Test
    void aliasMovesAndRefusedMovesLogStableKeys() {
        try (Registry registry = Registry.builder().store(dev.mlops.registry.store.InMemoryStore.create().asStore())
                .aliasPolicy(AliasPolicy.protect("production", Set.of("pipeline"))).build()) {
            byte[] model = MlopsExtensionTest.resourceBytes("/models/diabetes_linear.onnx");
            registry.register("diabetes").bytes(model).commit();
            registry.register("diabetes").bytes(model).commit();
            registry.setAlias("diabetes", "production", 1, "pipeline", "first release");
            registry.setAlias("diabetes", "production", 2, "pipeline", "better=AUC");
            assertThatThrownBy(() -> registry.setAlias("diabetes", "production", 1, "mallory", "why not"))
                    .isInstanceOf(AliasProtectedException.class);
        }
        assertThat(events("alias.moved")).containsExactly(
                "event=alias.moved model=diabetes alias=production from=none to=1 kind=move seq=1 actor=pipeline "
                        + "reason=\"first release\"",
                "event=alias.moved model=diabetes alias=production from=1 to=2 kind=move seq=2 actor=pipeline "
                        + "reason=\"better=AUC\"");
        assertThat(events("gate.decision")).hasSize(1).first().asString()
                .startsWith("event=gate.decision gate=alias.policy decision=refused model=diabetes alias=production "
                        + "from=2 to=1 actor=mallory reason=\"");
    }

    @Test
    void endpointSwapsAndPolicyChangesLogStableKeys() {
        byte[] bytes = MlopsExtensionTest.resourceBytes("/models/diabetes_linear.onnx");
        LoadedModel v1 = Models.builder().name("diabetes@1").load(bytes);
        try (Endpoint endpoint = Endpoint.builder("risk").variant("blue", v1).build()) {
            endpoint.putVariant("blue", Models.builder().name("diabetes@2").load(bytes));
            endpoint.putVariant("green", Models.builder().name("diabetes@3").load(bytes));
            endpoint.setPolicy(RoutingPolicy.single("green"));
        }
        assertThat(events("endpoint.swap")).containsExactly(
                "event=endpoint.swap endpoint=risk variant=blue from=diabetes@1 to=diabetes@2");
        assertThat(events("endpoint.variant.added")).containsExactly(
                "event=endpoint.variant.added endpoint=risk variant=green to=diabetes@3");
        assertThat(events("endpoint.policy")).hasSize(1).first().asString()
                .startsWith("event=endpoint.policy endpoint=risk source=api from=").contains(" to=");
    }

    @Test
    void driftAlertsLogStableKeys() {
        double[] ref = new double[200];
        for (int i = 0; i < ref.length; i++) {
            ref[i] = i;
        }
        ReferenceProfile profile = ReferenceProfile.builder().numeric("bmi", ref).numeric("age", ref).build();
        try (DriftMonitor monitor = DriftMonitor.builder(profile).countWindow(100).evaluateOnObservingThread().build()) {
            for (int i = 0; i < 100; i++) {
                monitor.observe(new double[]{1000 + i, 2 * i});   // bmi shifted, age like the reference
            }
        }
        assertThat(events("drift.alert")).containsExactly(
                "event=drift.alert window=0 rows=100 drifted=bmi input_drift=true output_drift=false");
    }
}
