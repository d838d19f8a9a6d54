package dev.mlops.ui;

import com.sun.net.httpserver.HttpServer;
import dev.mlops.registry.Registry;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's embedding snippet, run. */
class RegistryBrowserReadmeTest {
    @Test
    void theBrowserMountsInAnApplicationsOwnServer() throws Exception {
        try (Registry registry = Registry.inMemory()) {
            registry.register("fraud").bytes(new byte[] {1}).metric("auc", 0.91).by("alice").commit();
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/registry", RegistryBrowser.builder(registry).build()); // links follow the mount path
            server.start();
            try {
                HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + server.getAddress().getPort() + "/registry/models/fraud")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(page.statusCode()).isEqualTo(200);
                assertThat(page.body()).contains("<h1>fraud</h1>").contains("href=\"/registry/models/fraud/versions/1\"");
            } finally {
                server.stop(0);
            }
        }
    }
}
