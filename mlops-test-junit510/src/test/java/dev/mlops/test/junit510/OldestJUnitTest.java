package dev.mlops.test.junit510;

import dev.mlops.monitoring.DriftMonitor;
import dev.mlops.monitoring.ReferenceProfile;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Registry;
import dev.mlops.serving.endpoint.Endpoint;
import dev.mlops.serving.Inputs;
import dev.mlops.test.MlopsAssertions;
import dev.mlops.test.MlopsTest;
import dev.mlops.test.ModelEndpoint;
import dev.mlops.test.ReferenceMonitor;
import dev.mlops.test.TempRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.engine.TestEngine;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mlops-test extension on the oldest JUnit it supports: this module pins every JUnit artifact to 5.10.x
 * (Platform 1.10.x), the line Spring Boot 3.2 brings; the extension must resolve, inject and close its fixtures.
 */
@MlopsTest
class OldestJUnitTest {
    /** The first three rows of the diabetes data set, as the model's float32 input. */
    static final float[][] ROWS = {
            {59f, 2f, 32.1f, 101f, 157f, 93.2f, 38f, 4f, 4.8598f, 87f},
            {48f, 1f, 21.6f, 87f, 183f, 103.2f, 70f, 3f, 3.8918f, 69f},
            {72f, 2f, 30.5f, 93f, 156f, 93.6f, 41f, 4f, 4.6728f, 85f}};
    /** ONNX Runtime's outputs for them, from the fixture vectors (diabetes_linear.json, outputs.y). */
    static final double[] EXPECTED = {206.1166534423828, 68.07101440429688, 176.88278198242188};

    static final AtomicReference<Endpoint> SEEN = new AtomicReference<>();

    @Test
    void theTestClassPathReallyHoldsJUnit510() {
        // the jar manifests' Implementation-Version: the pin of this module's pom reached every JUnit artifact
        assertThat(ExtensionContext.class.getPackage().getImplementationVersion()).startsWith("5.10.");
        assertThat(TestEngine.class.getPackage().getImplementationVersion()).startsWith("1.10.");
    }

    @Test
    void aTempRegistryIsInjected(@TempRegistry Registry registry) throws IOException {
        assertThat(registry.models()).isEmpty();
        ModelVersion v = registry.register("diabetes").bytes(resource("/models/diabetes_linear.onnx")).commit();
        assertThat(v.number()).isEqualTo(1);
        assertThat(registry.versions("diabetes")).extracting(ModelVersion::number).containsExactly(1);
    }

    @Test
    void aModelEndpointServesAndIsClosedAfterTheTest(
            @ModelEndpoint(resource = "models/diabetes_linear.onnx", name = "diabetes") Endpoint endpoint) {
        SEEN.set(endpoint);
        MlopsAssertions.assertThat(endpoint.predict(Inputs.ofRows(ROWS)))
                .hasOutputs("y").output("y").hasShape(3, 1).isCloseTo(EXPECTED, 1e-3);
    }

    @Test
    void aReferenceMonitorSeesNoDriftOnItsOwnData(
            @ReferenceMonitor(csv = "data/diabetes.csv", categorical = "sex", outputs = "target") DriftMonitor monitor,
            @ReferenceMonitor(csv = "data/diabetes.csv", categorical = "sex", outputs = "target")
            ReferenceProfile profile) throws IOException {
        assertThat(profile.rowCount()).isEqualTo(60);
        dev.mlops.monitoring.Table t = dev.mlops.monitoring.Table.readCsv(
                new String(resource("/data/diabetes.csv"), java.nio.charset.StandardCharsets.UTF_8), "d");
        for (int r = 0; r < t.rowCount(); r++) {
            Map<String, Object> row = new HashMap<>();
            for (String c : t.columns()) {
                row.put(c, t.cell(c, r));
            }
            monitor.observe(row);
        }
        MlopsAssertions.assertThat(monitor).hasNoDrift().hasRows(60);
    }

    @AfterAll
    static void theEndpointWasClosedAfterItsTest() {
        assertThat(SEEN.get()).isNotNull();
        assertThat(SEEN.get().isClosed()).isTrue();
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = OldestJUnitTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }
}
