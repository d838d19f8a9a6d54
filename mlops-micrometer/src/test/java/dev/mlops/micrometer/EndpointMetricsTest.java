package dev.mlops.micrometer;

import dev.mlops.serving.endpoint.Endpoint;
import dev.mlops.serving.Inputs;
import dev.mlops.serving.InvalidInputException;
import dev.mlops.serving.LoadedModel;
import dev.mlops.serving.Models;
import dev.mlops.serving.routing.OutputComparator;
import dev.mlops.serving.routing.ShadowPolicy;
import dev.mlops.serving.routing.SinglePolicy;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EndpointMetricsTest {
    private static final String BLUE = "endpoint=\"risk\",model=\"diabetes\",variant=\"blue\",version=\"3\"";

    private PrometheusMeterRegistry registry;
    private Endpoint endpoint;

    static LoadedModel model(String name) throws IOException {
        try (InputStream in = EndpointMetricsTest.class.getResourceAsStream("/diabetes_linear.onnx")) {
            return Models.builder().name(name).load(in.readAllBytes());
        }
    }

    /** One diabetes row (the fixture's first). */
    static Inputs row() {
        return Inputs.ofRows(new float[][]{{59f, 2f, 32.1f, 101f, 157f, 93.2f, 38f, 4f, 4.8598f, 87f}});
    }

    @BeforeEach
    void setUp() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    @AfterEach
    void tearDown() {
        if (endpoint != null) {
            endpoint.close();
        }
        registry.close();
    }

    private EndpointMetrics serve(EndpointMetrics.Builder metricsBuilder, Endpoint.Builder endpointBuilder) {
        EndpointMetrics metrics = metricsBuilder.statsTtl(Duration.ZERO).build();
        endpoint = endpointBuilder.listener(metrics).build();
        return metrics.bind(endpoint);
    }

    @Test
    void requestsAndErrorsAppearInThePrometheusExpositionWithEndpointVariantModelAndVersionTags() throws IOException {
        serve(EndpointMetrics.builder("risk", registry),
                Endpoint.builder("risk").variant("blue", model("diabetes@3")));
        for (int i = 0; i < 3; i++) {
            endpoint.predict(row());
        }
        assertThatThrownBy(() -> endpoint.predict(Inputs.ofRows(new float[][]{{1f, 2f}})))
                .isInstanceOf(InvalidInputException.class);

        String text = registry.scrape();
        assertThat(text)
                .contains("# TYPE mlops_endpoint_requests_seconds histogram")
                .contains("mlops_endpoint_requests_seconds_count{endpoint=\"risk\",model=\"diabetes\","
                        + "outcome=\"success\",variant=\"blue\",version=\"3\"} 3\n")
                .contains("mlops_endpoint_requests_seconds_count{endpoint=\"risk\",model=\"diabetes\","
                        + "outcome=\"invalid_input\",variant=\"blue\",version=\"3\"} 1\n")
                .contains("mlops_endpoint_requests_seconds_bucket{endpoint=\"risk\",model=\"diabetes\","
                        + "outcome=\"success\",variant=\"blue\",version=\"3\",le=\"+Inf\"} 3\n")
                .contains("mlops_endpoint_requests_seconds_bucket{endpoint=\"risk\",model=\"diabetes\","
                        + "outcome=\"success\",variant=\"blue\",version=\"3\",le=\"10.0\"} 3\n")
                .contains("mlops_endpoint_errors_total{endpoint=\"risk\",kind=\"invalid_input\","
                        + "model=\"diabetes\",variant=\"blue\",version=\"3\"} 1.0\n")
                .contains("mlops_endpoint_errors_total{endpoint=\"risk\",kind=\"prediction\","
                        + "model=\"diabetes\",variant=\"blue\",version=\"3\"} 0.0\n")
                .contains("mlops_endpoint_batches_total{" + BLUE + "} 0.0\n")
                .contains("mlops_endpoint_swaps_total{" + BLUE + "} 0.0\n")
                .contains("mlops_endpoint_listener_failures_total{endpoint=\"risk\"} 0.0\n");
        // 16 default buckets + the +Inf bucket per outcome series
        assertThat(text.lines().filter(l -> l.startsWith("mlops_endpoint_requests_seconds_bucket{")
                && l.contains("outcome=\"success\"")).count()).isEqualTo(17);
        // the windowed quantiles come from the endpoint's own stats: positive, ordered
        double p50 = value(text, "mlops_endpoint_latency_window_seconds{" + q(BLUE, "0.5") + "}");
        double max = value(text, "mlops_endpoint_latency_window_seconds{" + q(BLUE, "1.0") + "}");
        assertThat(p50).isPositive().isLessThanOrEqualTo(max);
    }

    @Test
    void aModelSwapMovesTheVariantsSeriesToTheNewVersionAndCountsTheSwap() throws IOException {
        serve(EndpointMetrics.builder("risk", registry),
                Endpoint.builder("risk").variant("blue", model("diabetes@3")));
        endpoint.predict(row());
        endpoint.putVariant("blue", model("diabetes@4"));
        endpoint.predict(row());
        endpoint.predict(row());

        String text = registry.scrape();
        String v4 = "endpoint=\"risk\",model=\"diabetes\",variant=\"blue\",version=\"4\"";
        assertThat(text)
                .doesNotContain("version=\"3\"")
                .contains("mlops_endpoint_swaps_total{" + v4 + "} 1.0\n")
                .contains("mlops_endpoint_requests_seconds_count{endpoint=\"risk\",model=\"diabetes\","
                        + "outcome=\"success\",variant=\"blue\",version=\"4\"} 2\n");
    }

    @Test
    void shadowDisagreementsAndAgreementsAreCountedOnTheShadowVariant() throws IOException {
        // the comparator disagrees on every other mirror; mirrors run on the caller's thread
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        OutputComparator alternating = (a, b) -> new OutputComparator.Comparison(calls.incrementAndGet() % 2 == 0,
                0, "test");
        serve(EndpointMetrics.builder("risk", registry),
                Endpoint.builder("risk").variant("blue", model("diabetes@3")).variant("green", model("diabetes@4"))
                        .policy(new ShadowPolicy(new SinglePolicy("blue"), 1.0, List.of("green"), alternating))
                        .shadowExecutor(Runnable::run));
        for (int i = 0; i < 4; i++) {
            endpoint.predict(row());
        }

        String green = "endpoint=\"risk\",model=\"diabetes\",variant=\"green\",version=\"4\"";
        String text = registry.scrape();
        assertThat(text)
                .contains("mlops_endpoint_shadow_disagreements_total{" + green + "} 2.0\n")
                .contains("mlops_endpoint_shadow_requests_seconds_count{endpoint=\"risk\",model=\"diabetes\","
                        + "outcome=\"agree\",variant=\"green\",version=\"4\"} 2\n")
                .contains("mlops_endpoint_shadow_requests_seconds_count{endpoint=\"risk\",model=\"diabetes\","
                        + "outcome=\"disagree\",variant=\"green\",version=\"4\"} 2\n")
                .contains("mlops_endpoint_requests_seconds_count{" + BLUE.replace("variant", "outcome=\"success\",variant")
                        + "} 4\n");
    }

    @Test
    void aRemovedVariantLosesItsSeriesAtTheNextScrape() throws IOException {
        serve(EndpointMetrics.builder("risk", registry),
                Endpoint.builder("risk").variant("blue", model("diabetes@3")).variant("green", model("diabetes@4"))
                        .policy(new SinglePolicy("blue")));
        assertThat(registry.scrape()).contains("variant=\"green\"");
        endpoint.removeVariant("green");
        registry.scrape(); // the first read notices the removal
        assertThat(registry.scrape()).doesNotContain("variant=\"green\"").contains("variant=\"blue\"");
    }

    @Test
    void commonTagsAndACustomModelMappingAreApplied() throws IOException {
        serve(EndpointMetrics.builder("risk", registry).tags("region", "eu-west")
                        .modelTags(name -> new ModelTags("diabetes-linear", "7")),
                Endpoint.builder("risk").variant("blue", model("whatever.onnx")));
        endpoint.predict(row());
        assertThat(registry.scrape()).contains("mlops_endpoint_requests_seconds_count{endpoint=\"risk\","
                + "model=\"diabetes-linear\",outcome=\"success\",region=\"eu-west\",variant=\"blue\","
                + "version=\"7\"} 1\n");
    }

    @Test
    void bindingAnEndpointOfAnotherNameIsRefused() throws IOException {
        EndpointMetrics metrics = EndpointMetrics.builder("risk", registry).build();
        endpoint = Endpoint.builder("other").variant("blue", model("diabetes@3")).build();
        assertThatThrownBy(() -> metrics.bind(endpoint)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'risk'").hasMessageContaining("'other'");
    }

    @Test
    void modelNamesSplitIntoModelAndVersion() {
        assertThat(ModelTags.parse("fraud@3")).isEqualTo(new ModelTags("fraud", "3"));
        assertThat(ModelTags.parse("fraud:v12")).isEqualTo(new ModelTags("fraud", "12"));
        assertThat(ModelTags.parse("fraud:12")).isEqualTo(new ModelTags("fraud", "12"));
        assertThat(ModelTags.parse("sha256:123456789012")).isEqualTo(new ModelTags("sha256:123456789012", "unknown"));
        assertThat(ModelTags.parse("model.onnx")).isEqualTo(new ModelTags("model.onnx", "unknown"));
        assertThat(ModelTags.parse(null)).isEqualTo(new ModelTags("unknown", "unknown"));
    }

    private static String q(String tags, String quantile) {
        return tags.replace("variant", "quantile=\"" + quantile + "\",variant");
    }

    private static double value(String exposition, String series) {
        return exposition.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .orElseThrow(() -> new AssertionError("no series " + series + " in\n" + exposition));
    }
}
