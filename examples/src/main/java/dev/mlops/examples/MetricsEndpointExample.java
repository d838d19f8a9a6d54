package dev.mlops.examples;

import com.sun.net.httpserver.HttpServer;
import dev.mlops.micrometer.EndpointMetrics;
import dev.mlops.serving.endpoint.Endpoint;
import dev.mlops.serving.Inputs;
import dev.mlops.serving.Models;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * An endpoint serving the diabetes regression model whose figures Prometheus scrapes from {@code /metrics}, served by
 * the JDK's built-in HTTP server on loopback: the README's metrics snippet, verbatim. Runs 100 predictions, fetches
 * its own {@code /metrics} once and prints the request series; with {@code --serve} it keeps serving until killed.
 * Arguments: {@code [models-dir] [--serve]} (default: the models shipped in this module).
 */
public final class MetricsEndpointExample {
    private MetricsEndpointExample() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path dir = args.length > 0 && !args[0].startsWith("--") ? Path.of(args[0]) : Fixtures.directory();
        boolean serve = java.util.Arrays.asList(args).contains("--serve");
        Inputs row = Inputs.ofRows(new float[][]{{59f, 2f, 32.1f, 101f, 157f, 93.2f, 38f, 4f, 4.8598f, 87f}});
        // README: begin
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        EndpointMetrics metrics = EndpointMetrics.builder("diabetes", registry).build();
        Endpoint endpoint = Endpoint.builder("diabetes")
                .variant("blue", Models.builder().name("diabetes@1").load(dir.resolve("diabetes_linear.onnx")))
                .listener(metrics).build();
        metrics.bind(endpoint);

        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 9464), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();   // Prometheus: scrape_configs: - targets: ['127.0.0.1:9464']
        // README: end

        try {
            for (int i = 0; i < 100; i++) {
                endpoint.predict(row);
            }
            HttpResponse<String> scraped = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:9464/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            System.out.println("GET /metrics -> " + scraped.statusCode());
            scraped.body().lines().filter(l -> l.startsWith("mlops_endpoint_requests_seconds_count"))
                    .forEach(System.out::println);
            if (serve) {
                System.out.println("serving http://127.0.0.1:9464/metrics until killed");
                Thread.currentThread().join();
            }
        } finally {
            server.stop(0);
            endpoint.close();
            registry.close();
        }
    }
}
