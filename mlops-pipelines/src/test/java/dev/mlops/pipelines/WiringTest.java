package dev.mlops.pipelines;

import dev.mlops.monitoring.DriftMonitor;
import dev.mlops.monitoring.QualityMonitor;
import dev.mlops.monitoring.QualityResult;
import dev.mlops.monitoring.ReferenceProfile;
import dev.mlops.registry.Registry;
import dev.mlops.serving.endpoint.Endpoint;
import dev.mlops.serving.Inputs;
import dev.mlops.serving.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** MonitoredEndpoint and the endpoint test gate on the real breast-cancer MLPs. */
class WiringTest {
    @TempDir
    Path tmp;
    BreastCancerFixture data;

    @BeforeEach
    void setUp() throws Exception {
        data = new BreastCancerFixture(Files.createDirectories(tmp.resolve("data")));
    }

    @Test
    void aMonitoredEndpointFeedsInputsAndPredictionsToDriftAndLabelsToQuality() {
        ReferenceProfile profile = ReferenceProfile.builder().numeric("mean radius", new double[]{10, 12, 14, 16, 18})
                .output("prediction", new double[]{0.1, 0.3, 0.5, 0.7, 0.9}).build();
        AtomicReference<QualityResult> window = new AtomicReference<>();
        QualityMonitor quality = QualityMonitor.binaryClassification().windowSize(3)
                .listener(new dev.mlops.monitoring.QualityListener() {
                    @Override
                    public void onWindow(QualityResult r) {
                        window.set(r);
                    }
                }).build();
        try (Registry registry = Registry.inMemory()) {
            int v = registry.register("bc").file(data.v1).commit().number();
            try (Endpoint e = Endpoint.builder("e").variant("a", dev.mlops.serving.Models.load(registry, "bc", v)).build();
                 DriftMonitor drift = DriftMonitor.builder(profile).countWindow(1000).evaluateOnObservingThread().build();
                 MonitoredEndpoint m = MonitoredEndpoint.builder(e, drift, data.features).quality(quality).build()) {
                float[][] rows = dev.mlops.pipelines.internal.Scoring.rows(dev.mlops.monitoring.Table.readCsv(data.testCsv), data.features);
                m.predict(Inputs.of(Tensor.ofRows(new float[][]{rows[0], rows[1], rows[2]})), "batch");
                assertThat(m.rowsObserved()).isEqualTo(3);
                assertThat(drift.rowsObserved()).isEqualTo(3);
                assertThat(quality.pendingPredictions()).isEqualTo(3);
                double[] labels = dev.mlops.monitoring.Table.readCsv(data.testCsv).numbers("target");
                for (int i = 0; i < 3; i++) {
                    m.recordLabel("batch#" + i, labels[i]);
                }
                assertThat(window.get().joined()).isEqualTo(3);
                assertThat(window.get().metric("accuracy")).isEqualTo(1.0);   // v1 is right on the first 3 test rows
                assertThat(m.monitorFailures()).isZero();
            }
        }
    }

    @Test
    void aMonitorWatchingAnUnknownFeatureIsRefusedAtBuild() {
        ReferenceProfile profile = ReferenceProfile.builder().numeric("age", new double[]{1, 2, 3}).build();
        try (Endpoint e = Endpoint.builder("e").variant("a", dev.mlops.serving.Models.load(data.v1)).build();
             DriftMonitor drift = DriftMonitor.builder(profile).countWindow(10).evaluateOnObservingThread().build()) {
            assertThatThrownBy(() -> MonitoredEndpoint.builder(e, drift, data.features).build())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("'age'");
        }
    }

    @Test
    void theEndpointTestGateReportsFormatFailuresWhenTheExpectedOutputIsMissing() {
        try (Registry registry = Registry.inMemory();
             Endpoint staging = Endpoint.builder("staging").variant("c", dev.mlops.serving.Models.load(data.v1)).build()) {
            int v = registry.register("bc").file(data.v2).commit().number();
            Pipeline p = Pipeline.builder("staging").step("test", Gates.endpointTest("bc", staging, "c")
                    .data(TableSource.file(data.testCsv)).output("scores").maxRows(10).build()).build();

            PipelineRun run = Pipelines.on(registry).run(p, "alice", Map.of("version", v));

            assertThat(run.status()).isEqualTo(RunStatus.FAILED);
            StepRecord r = run.step("test").orElseThrow();
            assertThat(r.outputs().get("requests").intValue()).isEqualTo(10);
            assertThat(r.outputs().get("format_failures").intValue()).isEqualTo(10);
            assertThat(r.outputs().get("examples").size()).isEqualTo(5);
            assertThat(run.reason()).contains("10 format failures");
            assertThat(staging.model("c").name()).isEqualTo("bc:" + v);     // the candidate was deployed
            assertThat(List.of(r.logs().get(0))).allMatch(l -> l.contains("deployed bc:1 to endpoint 'staging'"));
        }
    }
}
