package dev.mlops.examples;

import dev.mlops.monitoring.DriftMonitor;
import dev.mlops.serving.endpoint.Endpoint;
import dev.mlops.serving.Inputs;
import dev.mlops.test.MlopsAssertions;
import dev.mlops.test.MlopsTest;
import dev.mlops.test.ModelEndpoint;
import dev.mlops.test.ReferenceMonitor;
import dev.mlops.test.TempRegistry;
import dev.mlops.registry.Registry;
import org.junit.jupiter.api.Test;

import dev.mlops.monitoring.Table;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's mlops-test snippet: testing a model service with the JUnit 5 extension. */
// README: begin
@MlopsTest
class BreastCancerServiceTest {
    /** Two rows of the breast-cancer data and ONNX Runtime's probabilities for them (fixture vectors). */
    static final float[][] ROWS = {
            {13.010000228881836f, 22.219999313354492f, 82.01000213623047f, 526.4000244140625f,
             0.06250999867916107f, 0.019379999488592148f, 0.0015950000379234552f,
             0.0018520000157877803f, 0.13950000703334808f, 0.05234000086784363f, 0.17309999465942383f,
             1.1419999599456787f, 1.1009999513626099f, 14.34000015258789f, 0.0034179999493062496f,
             0.002251999918371439f, 0.0015950000379234552f, 0.0018520000157877803f,
             0.016130000352859497f, 0.0009682999807409942f, 14.0f, 29.020000457763672f,
             88.18000030517578f, 608.7999877929688f, 0.08124999701976776f, 0.03432000055909157f,
             0.007977000437676907f, 0.009259000420570374f, 0.22949999570846558f, 0.05843000113964081f},
            {14.859999656677246f, 23.209999084472656f, 100.4000015258789f, 671.4000244140625f,
             0.10440000146627426f, 0.1979999989271164f, 0.1696999967098236f, 0.0887800008058548f,
             0.1737000048160553f, 0.06672000139951706f, 0.27959999442100525f, 0.9621999859809875f,
             3.5910000801086426f, 25.200000762939453f, 0.008081000298261642f, 0.05121999979019165f,
             0.05550999939441681f, 0.01882999949157238f, 0.025450000539422035f, 0.004311999771744013f,
             16.079999923706055f, 27.780000686645508f, 118.5999984741211f, 784.7000122070312f,
             0.1316000074148178f, 0.46480000019073486f, 0.45890000462532043f, 0.17270000278949738f,
             0.30000001192092896f, 0.08701000362634659f}};
    static final double[] EXPECTED = {0.0006770744803361595, 0.9993228912353516, 0.9975743889808655, 0.002425665268674493};

    @Test
    void scoresRowsLikeOnnxRuntime(
            @ModelEndpoint(resource = "dev/mlops/examples/fixtures/breast_cancer_mlp_v1.onnx") Endpoint endpoint) {
        MlopsAssertions.assertThat(endpoint.predict(Inputs.ofRows(ROWS)))
                .output("probabilities").hasShape(2, 2).allBetween(0, 1).isCloseTo(EXPECTED, 1e-5);
    }

    @Test
    void trainingRowsDoNotDrift(@ReferenceMonitor(csv = "dev/mlops/examples/fixtures/breast_cancer.csv",
            categorical = "target") DriftMonitor monitor) {
        Table training = Table.readCsv(Path.of("src/main/resources/dev/mlops/examples/fixtures/breast_cancer.csv"));
        for (int row = 0; row < 300; row++) {
            Map<String, Object> r = new HashMap<>();
            for (String column : training.columns()) {
                r.put(column, training.cell(column, row));
            }
            monitor.observe(r);
        }
        MlopsAssertions.assertThat(monitor).hasRows(300).hasNoDrift();
    }

    @Test
    void registersAVersion(@TempRegistry Registry registry) {
        registry.register("cancer").bytes(new byte[]{1, 2, 3}).commit();
        assertThat(registry.versions("cancer")).hasSize(1);
    }
}
// README: end
