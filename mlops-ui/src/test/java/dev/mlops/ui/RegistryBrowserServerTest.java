package dev.mlops.ui;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistryBrowserServerTest {
    @TempDir
    static Path dir;
    static StoryFixture story;
    static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void build() throws Exception {
        story = StoryFixture.build(dir);
    }

    @AfterAll
    static void close() {
        story.registry.close();
    }

    private static HttpResponse<String> send(String method, URI uri) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesOnLoopbackWithAStrictPolicyAndAnswersOnlyGetAndHead() throws Exception {
        try (RegistryBrowser.Server ui = RegistryBrowser.builder(story.registry).build().start("127.0.0.1", 0)) {
            assertThat(ui.uri().toString()).isEqualTo("http://127.0.0.1:" + ui.port() + "/");
            HttpResponse<String> get = send("GET", ui.uri().resolve("models/breast-cancer-mlp/versions/2"));
            assertThat(get.statusCode()).isEqualTo(200);
            String csp = get.headers().firstValue("Content-Security-Policy").orElseThrow();
            assertThat(csp).startsWith("default-src 'none'; style-src 'sha256-").contains("script-src 'sha256-")
                    .doesNotContain("unsafe");
            assertThat(get.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(get.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(get.body()).contains("<h1><a href=\"/models/breast-cancer-mlp\">breast-cancer-mlp</a> · v2</h1>");

            HttpResponse<String> head = send("HEAD", ui.uri());
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH"}) {
                HttpResponse<String> r = send(method, ui.uri().resolve("models/breast-cancer-mlp"));
                assertThat(r.statusCode()).as(method).isEqualTo(405);
                assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD");
            }
            HttpResponse<String> report = send("GET", ui.uri().resolve(
                    "models/breast-cancer-mlp/versions/2/attachments/drift-report.json"));
            assertThat(report.headers().firstValue("Content-Security-Policy").orElseThrow())
                    .isEqualTo("default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; "
                            + "base-uri 'none'; form-action 'none'; sandbox");
            assertThat(send("GET", ui.uri().resolve("nowhere")).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void closingStopsServingAndClosingTwiceDoesNothing() throws Exception {
        RegistryBrowser.Server ui = RegistryBrowser.builder(story.registry).build().start("127.0.0.1", 0);
        URI uri = ui.uri();
        assertThat(send("GET", uri).statusCode()).isEqualTo(200);
        ui.close();
        ui.close();
        assertThatThrownBy(() -> send("GET", uri)).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void mountedUnderAPathEveryLinkKeepsThePrefix() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/registry", RegistryBrowser.builder(story.registry).build());
        server.start();
        try {
            URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/registry/");
            HttpResponse<String> models = send("GET", base);
            assertThat(models.statusCode()).isEqualTo(200);
            assertThat(models.body()).contains("href=\"/registry/models/breast-cancer-mlp\"")
                    .contains("href=\"/registry/runs\"").doesNotContain("href=\"/models/");
            HttpResponse<String> version = send("GET", base.resolve("models/breast-cancer-mlp/versions/1"));
            assertThat(version.statusCode()).isEqualTo(200);
            assertThat(version.body()).contains("href=\"/registry/datasets/breast-cancer/versions/1\"");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theBuilderValidatesAtOnce() {
        var b = RegistryBrowser.builder(story.registry);
        assertThatThrownBy(() -> b.pageSize(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A page size is 1-1000 rows, found 0");
        b.pageSize(10);
        assertThatThrownBy(() -> b.pageSize(20)).isInstanceOf(IllegalStateException.class)
                .hasMessage("pageSize was already set to 10");
        assertThatThrownBy(() -> RegistryBrowser.builder(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> b.build().start("127.0.0.1", 70_000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A port is 0-65535, found 70000");
    }

    @Test
    void credentialsInTheStoreUriAreNeverShown() {
        assertThat(dev.mlops.ui.internal.Site.redact("s3://AKIA:secret@bucket/models?region=x&password=hunter2"))
                .isEqualTo("s3://***@bucket/models?region=x&password=***");
        assertThat(dev.mlops.ui.internal.Site.redact("jdbc:postgresql://db/mlops?user=me&password=pw&ssl=true"))
                .isEqualTo("jdbc:postgresql://db/mlops?user=me&password=***&ssl=true");
    }
}
