package dev.mlops.cli;

import dev.mlops.registry.Registry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class UiCommandTest {
    @Test
    void printsTheUrlFirstServesTheStoreAndStopsCleanlyOnSigterm(@TempDir Path dir) throws Exception {
        String store = "file:" + dir.resolve("store");
        try (Registry r = Registry.open(store)) {
            r.register("fraud").bytes(new byte[] {1, 2, 3}).metric("auc", 0.91).by("alice").commit();
            r.setAlias("fraud", "production", 1, "alice", "first");
        }
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), MlopsCli.class.getName(),
                "ui", "--store", store, "--port", "0").redirectError(err.toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            assertThat(first).matches("http://127\\.0\\.0\\.1:\\d+/");
            HttpResponse<String> page = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(first + "models/fraud")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<h1>fraud</h1>").contains("production → v1");
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(143);
            assertThat(Files.readString(err)).contains("read-only at " + first).endsWith("mlops ui: stopped\n");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aStoreThatDoesNotExistIsAUsageError(@TempDir Path dir) {
        java.io.StringWriter err = new java.io.StringWriter();
        var cl = MlopsCli.newCommandLine();
        cl.setErr(new java.io.PrintWriter(err));
        int code = cl.execute("ui", "--store", "file:" + dir.resolve("nothing"), "--port", "0");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("mlops: no registry store at file:" + dir.resolve("nothing"))
                .contains("does not exist");
    }
}
