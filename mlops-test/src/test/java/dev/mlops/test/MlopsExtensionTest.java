package dev.mlops.test;

import dev.mlops.monitoring.DriftMonitor;
import dev.mlops.monitoring.ReferenceProfile;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Registry;
import dev.mlops.serving.endpoint.Endpoint;
import dev.mlops.serving.Inputs;
import dev.mlops.serving.LoadedModel;
import dev.mlops.serving.Outputs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

@MlopsTest
class MlopsExtensionTest {
    /** The first three rows of the diabetes data set, as the model's float32 input. */
    static final float[][] ROWS = {
            {59f, 2f, 32.1f, 101f, 157f, 93.2f, 38f, 4f, 4.8598f, 87f},
            {48f, 1f, 21.6f, 87f, 183f, 103.2f, 70f, 3f, 3.8918f, 69f},
            {72f, 2f, 30.5f, 93f, 156f, 93.6f, 41f, 4f, 4.6728f, 85f}};
    /** ONNX Runtime's outputs for them, from the fixture vectors (diabetes_linear.json, outputs.y). */
    static final double[] EXPECTED = {206.1166534423828, 68.07101440429688, 176.88278198242188};

    private Registry fromBeforeEach;

    @BeforeEach
    void setUp(@TempRegistry Registry registry) {
        fromBeforeEach = registry;
    }

    @Test
    void aTempRegistryIsFreshAndUsable(@TempRegistry Registry registry) throws IOException {
        assertThat(registry.models()).isEmpty();
        assertThat(registry).isNotSameAs(fromBeforeEach);
        ModelVersion v = registry.register("diabetes").bytes(modelBytes()).commit();
        assertThat(v.number()).isEqualTo(1);
        assertThat(registry.versions("diabetes")).hasSize(1);
    }

    @Test
    void aFileBackedTempRegistryKeepsVersions(@TempRegistry(store = TempRegistry.Store.FILE) Registry registry)
            throws IOException {
        registry.register("diabetes").bytes(modelBytes()).commit();
        registry.register("diabetes").bytes(modelBytes()).commit();
        assertThat(registry.versions("diabetes")).extracting(ModelVersion::number).containsExactly(1, 2);
    }

    @Test
    void aModelEndpointServesTheResourceModel(
            @ModelEndpoint(resource = "models/diabetes_linear.onnx", name = "diabetes", model = "diabetes@1")
            Endpoint endpoint) {
        assertThat(endpoint.name()).isEqualTo("diabetes");
        assertThat(endpoint.variants()).containsExactly("default");
        assertThat(endpoint.model("default").name()).isEqualTo("diabetes@1");
        Outputs out = endpoint.predict(Inputs.ofRows(ROWS));
        MlopsAssertions.assertThat(out).hasOutputs("y").output("y").hasShape(3, 1).isCloseTo(EXPECTED, 1e-3);
    }

    @Test
    void aModelParameterGetsTheLoadedModel(@ModelEndpoint(resource = "/models/diabetes_linear.onnx") LoadedModel m) {
        assertThat(m.name()).isEqualTo("diabetes_linear.onnx");
        MlopsAssertions.assertThat(m.predict(ROWS)).firstOutput().isCloseTo(EXPECTED, 1e-3);
    }

    @Test
    void aReferenceMonitorSeesNoDriftOnItsOwnDataAndDriftOnShiftedData(
            @ReferenceMonitor(csv = "data/diabetes.csv", categorical = "sex", outputs = "target") DriftMonitor same,
            @ReferenceMonitor(csv = "data/diabetes.csv", categorical = "sex", outputs = "target") DriftMonitor shifted,
            @ReferenceMonitor(csv = "data/diabetes.csv", categorical = "sex", outputs = "target")
            ReferenceProfile profile) {
        assertThat(profile.featureNames()).containsExactly("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5",
                "s6", "target");
        assertThat(profile.rowCount()).isEqualTo(442);
        dev.mlops.monitoring.Table t = dev.mlops.monitoring.Table.readCsv(
                new String(resourceBytes("/data/diabetes.csv"), java.nio.charset.StandardCharsets.UTF_8), "d");
        double[] bmi = t.numbers("bmi");
        for (int r = 0; r < t.rowCount(); r++) {
            Map<String, Object> row = new java.util.HashMap<>();
            for (String c : t.columns()) {
                row.put(c, t.cell(c, r));
            }
            same.observe(row);
            row.put("bmi", bmi[r] + 8);   // obesity epidemic
            shifted.observe(row);
        }
        MlopsAssertions.assertThat(same).hasNoDrift().hasRows(442);
        MlopsAssertions.assertThat(shifted).hasDrift().hasInputDrift().hasDriftedFeatures("bmi")
                .feature("bmi").isDrifted().hasPsiGreaterThan(0.25).hasPValueBelow(1e-6);
    }

    // ------------------------------------------------------------------ the extension's own lifecycle

    static final AtomicReference<Endpoint> SEEN_ENDPOINT = new AtomicReference<>();
    static final AtomicReference<LoadedModel> SEEN_MODEL = new AtomicReference<>();

    @MlopsTest
    static class FixturesToClose {
        @Test
        void uses(@ModelEndpoint(resource = "models/diabetes_linear.onnx") Endpoint endpoint,
                  @ReferenceMonitor(csv = "data/diabetes.csv") DriftMonitor monitor) {
            SEEN_ENDPOINT.set(endpoint);
            SEEN_MODEL.set(endpoint.model("default"));
            monitor.observe(Map.of("age", 50));
            assertThat(endpoint.isClosed()).isFalse();
        }
    }

    @Test
    void fixturesAreClosedAfterTheTest() {
        Events events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(FixturesToClose.class)).execute()
                .testEvents();
        events.assertStatistics(s -> s.started(1).succeeded(1));
        assertThat(SEEN_ENDPOINT.get().isClosed()).isTrue();
        assertThat(SEEN_MODEL.get().isClosed()).isTrue();
    }

    @MlopsTest
    static class WrongTypes {
        @Test
        void wrongType(@TempRegistry String notARegistry) {
        }

        @Test
        void missingResource(@ModelEndpoint(resource = "models/nope.onnx") Endpoint endpoint) {
        }
    }

    @Test
    void misuseFailsTheTestWithAnExplainingMessage() {
        Events events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(WrongTypes.class)).execute()
                .testEvents();
        events.assertStatistics(s -> s.started(2).failed(2));
        events.assertThatEvents()
                .haveExactly(1, event(test("wrongType"), finishedWithFailure(
                        message(m -> m.contains("@TempRegistry parameter") && m.contains("expected Registry")))))
                .haveExactly(1, event(test("missingResource"), finishedWithFailure(
                        message(m -> m.contains("'models/nope.onnx' is not on the test classpath")))));
    }

    static byte[] modelBytes() throws IOException {
        return resourceBytes("/models/diabetes_linear.onnx");
    }

    static byte[] resourceBytes(String name) {
        try (InputStream in = MlopsExtensionTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
