package dev.mlops.registry.s3.tests;

import dev.mlops.registry.jdbc.testing.PostgresTestServer;
import dev.mlops.registry.jdbc.testing.RegistryLikeWriter;
import dev.mlops.registry.spi.Digest;
import dev.mlops.registry.spi.Page;
import dev.mlops.registry.spi.Store;
import dev.mlops.registry.spi.Stores;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fleet setup: records in one PostgreSQL database, blobs in one bucket, several registry-like writers in this
 * JVM (a store pair each) and in a second JVM registering versions with blobs and moving an alias at once.
 */
class FleetTest {
    private static final Pattern DOC = Pattern.compile("\\{\"writer\":\"([^\"]+)\",\"n\":(\\d+),\"blob\":\"(sha256:[0-9a-f]{64})\"}");

    @Test
    void writersInTwoJvmsRegisterVersionsWithBlobsWithNoDuplicateOrLostWrite() throws Exception {
        String records = PostgresTestServer.shared().newDatabase() + "&poolSize=2";
        String blobs = S3ProxyServer.shared().uri("fleet-" + UUID.randomUUID());
        int threads = 3;
        int jvmThreads = 2;
        int versions = 12;
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RegistryLikeWriter.class.getName(),
                records, blobs, "jvm2", Integer.toString(jvmThreads), Integer.toString(versions))
                .redirectErrorStream(true).start();
        CompletableFuture<String> childOutput = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Store> stores = new ArrayList<>();
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Store s = Stores.open(records, blobs);
            stores.add(s);
            String writer = "jvm1-t" + t;
            results.add(pool.submit(() -> RegistryLikeWriter.registerVersions(s.records(), s.blobs(), writer, versions)));
        }
        int duplicates = 0;
        for (Future<Integer> f : results) {
            duplicates += f.get(3, TimeUnit.MINUTES);
        }
        pool.shutdown();
        assertThat(child.waitFor(3, TimeUnit.MINUTES)).isTrue();
        String out = childOutput.get(10, TimeUnit.SECONDS);
        assertThat(child.exitValue()).as(out).isZero();
        assertThat(out).contains("duplicates=0");
        assertThat(duplicates).isZero();

        int total = (threads + jvmThreads) * versions;
        Store check = stores.get(0);
        assertThat(check.records().get("models", RegistryLikeWriter.COUNTER).orElseThrow().documentAsString())
                .isEqualTo(Integer.toString(total));
        assertThat(check.records().get("models", RegistryLikeWriter.ALIAS).orElseThrow().documentAsString())
                .startsWith(total + ",");
        List<String> keys = new ArrayList<>();
        String token = null;
        do {
            Page<String> p = check.records().list("models", "iris/versions/", token, 25);
            keys.addAll(p.items());
            token = p.nextPageToken();
        } while (token != null);
        assertThat(keys).hasSize(total);
        List<String> writers = new ArrayList<>();
        for (String k : keys) {
            Matcher m = DOC.matcher(check.records().get("models", k).orElseThrow().documentAsString());
            assertThat(m.matches()).isTrue();
            assertThat(k).isEqualTo("iris/versions/" + m.group(2));
            byte[] expected = (m.group(1) + " version " + m.group(2)).getBytes(StandardCharsets.UTF_8);
            try (InputStream in = check.blobs().get(Digest.parse(m.group(3)))) {
                assertThat(in.readAllBytes()).isEqualTo(expected);
            }
            writers.add(m.group(1).substring(0, 4));
        }
        assertThat(writers).contains("jvm1", "jvm2");
        stores.forEach(Store::close);
    }
}
