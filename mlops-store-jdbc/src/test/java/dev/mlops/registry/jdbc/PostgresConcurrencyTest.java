package dev.mlops.registry.jdbc;

import dev.mlops.registry.jdbc.testing.PostgresTestServer;
import dev.mlops.registry.jdbc.testing.RegistryLikeWriter;
import dev.mlops.registry.spi.Digest;
import dev.mlops.registry.spi.Page;
import dev.mlops.registry.spi.StoreUnavailableException;
import dev.mlops.registry.spi.WriteResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Several registry-like writers on one database (threads with a store each, and a second JVM), and connections killed
 * in the middle of writes.
 */
class PostgresConcurrencyTest {
    private String url;
    private String database;

    @BeforeEach
    void freshDatabase() {
        url = PostgresTestServer.shared().newDatabase();
        database = url.replaceAll("^.*/([^/?]+)\\?.*$", "$1");
    }

    @Test
    void threadsWithAStoreEachAndASecondJvmRegisterVersionsWithNoDuplicateOrLostWrite() throws Exception {
        int threads = 4;
        int jvmThreads = 2;
        int versions = 25;
        String poolUrl = url + "&poolSize=2";
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RegistryLikeWriter.class.getName(),
                poolUrl, "-", "jvm2", Integer.toString(jvmThreads), Integer.toString(versions))
                .redirectErrorStream(true).start();
        CompletableFuture<String> childOutput = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<PostgresStore> stores = new ArrayList<>();
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            PostgresStore s = PostgresStore.open(poolUrl);
            stores.add(s);
            String writer = "jvm1-t" + t;
            results.add(pool.submit(() -> RegistryLikeWriter.registerVersions(s, null, writer, versions)));
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
        PostgresStore check = stores.get(0);
        assertThat(check.get("models", RegistryLikeWriter.COUNTER).orElseThrow().documentAsString())
                .isEqualTo(Integer.toString(total));
        assertThat(check.get("models", RegistryLikeWriter.ALIAS).orElseThrow().documentAsString())
                .startsWith(total + ",");
        List<String> keys = new ArrayList<>();
        String token = null;
        do {
            Page<String> p = check.list("models", "iris/versions/", token, 50);
            keys.addAll(p.items());
            token = p.nextPageToken();
        } while (token != null);
        Set<String> expected = new HashSet<>();
        for (int n = 1; n <= total; n++) {
            expected.add("iris/versions/" + n);
        }
        assertThat(keys).hasSize(total).containsExactlyInAnyOrderElementsOf(expected);
        Set<String> writers = new HashSet<>();
        for (String k : keys) {
            String doc = check.get("models", k).orElseThrow().documentAsString();
            writers.add(doc.replaceAll("^.*\"writer\":\"(jvm\\d)-t\\d+\".*$", "$1"));
        }
        assertThat(writers).containsExactlyInAnyOrder("jvm1", "jvm2");
        stores.forEach(PostgresStore::close);
    }

    @Test
    void aWriterJvmKilledAtRandomMomentsLeavesEveryRecordWholeAndEveryBlobVerified() throws Exception {
        String poolUrl = url + "&poolSize=2&chunkSize=4096";
        Random random = new Random(11);
        try (PostgresStore check = PostgresStore.open(poolUrl)) {
            for (int round = 0; round < 3; round++) {
                long before = versionsSoFar(check);
                Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"), RegistryLikeWriter.class.getName(),
                        poolUrl, poolUrl, "killed" + round, "2", "100000")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                int target = 3 + random.nextInt(10);
                await().atMost(Duration.ofSeconds(90)).until(() -> versionsSoFar(check) >= before + target);
                child.destroyForcibly();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            long versions = versionsSoFar(check);
            assertThat(versions).isGreaterThanOrEqualTo(9);
            long verified = 0;
            String token = null;
            do {
                Page<String> p = check.list("models", "iris/versions/", token, 100);
                for (String k : p.items()) {
                    String doc = check.get("models", k).orElseThrow().documentAsString();
                    assertThat(doc).matches("\\{\"writer\":\"killed\\d-t\\d\",\"n\":\\d+,\"blob\":\"sha256:[0-9a-f]{64}\"}");
                    Digest d = Digest.parse(doc.replaceAll("^.*\"blob\":\"(sha256:[0-9a-f]{64})\".*$", "$1"));
                    try (InputStream in = check.get(d)) {
                        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).endsWith(" version " + doc.replaceAll("^.*\"n\":(\\d+).*$", "$1"));
                    }
                    verified++;
                }
                token = p.nextPageToken();
            } while (token != null);
            assertThat(verified).isGreaterThanOrEqualTo(versions - 6); // a kill may fall between number and record
            // no chunk rows outside a visible blob: killed transactions were rolled back whole
            assertThat(count("blob_chunks")).isEqualTo(count("blobs"));
        }
    }

    private static long versionsSoFar(PostgresStore store) {
        return store.get("models", RegistryLikeWriter.COUNTER).map(r -> Long.parseLong(r.documentAsString())).orElse(0L);
    }

    @Test
    void aBackendKilledInTheMiddleOfABlobPutLeavesNothingVisible() throws Exception {
        try (PostgresStore store = PostgresStore.builder(url).chunkSize(4096).maxRetries(2).build()) {
            CountDownLatch blocked = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            InputStream slow = new InputStream() {
                private int served;

                @Override
                public int read() {
                    throw new UnsupportedOperationException();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    if (served >= 3 * 4096) {
                        blocked.countDown();
                        try {
                            release.await(1, TimeUnit.MINUTES);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        if (served >= 5 * 4096) {
                            return -1;
                        }
                    }
                    int n = Math.min(len, 1024);
                    java.util.Arrays.fill(b, off, off + n, (byte) 7);
                    served += n;
                    return n;
                }
            };
            CompletableFuture<Object> put = CompletableFuture.supplyAsync(() -> store.put(slow));
            assertThat(blocked.await(1, TimeUnit.MINUTES)).isTrue();
            assertThat(terminateBackends("backend_xid IS NOT NULL")).isEqualTo(1);
            release.countDown();
            assertThatThrownBy(() -> put.get(1, TimeUnit.MINUTES))
                    .hasCauseInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("nothing was stored");
            assertThat(count("blobs")).isZero();
            assertThat(count("blob_chunks")).isZero();
            // the pool replaced the dead connection
            Digest d = store.put(new ByteArrayInputStream(new byte[10_000])).digest();
            assertThat(store.stat(d).orElseThrow().size()).isEqualTo(10_000);
        }
    }

    @Test
    void aBackendKilledWhileACompareAndSetWaitsIsRetriedAndAppliedExactlyOnce() throws Exception {
        try (PostgresStore store = PostgresStore.open(url);
             Connection locker = DriverManager.getConnection(url)) {
            store.createIfAbsent("aliases", "iris/prod", "v1".getBytes(StandardCharsets.UTF_8));
            locker.setAutoCommit(false);
            try (Statement st = locker.createStatement()) {
                st.executeQuery("SELECT * FROM mlops.records WHERE key = 'iris/prod' FOR UPDATE").close();
            }
            CompletableFuture<WriteResult> cas = CompletableFuture.supplyAsync(
                    () -> store.compareAndSet("aliases", "iris/prod", 1, "v2".getBytes(StandardCharsets.UTF_8)));
            await().atMost(Duration.ofSeconds(60)).until(() -> countBackends("wait_event_type = 'Lock'") == 1);
            assertThat(terminateBackends("wait_event_type = 'Lock'")).isEqualTo(1);
            // the retry blocks on the same lock again; let it through
            await().atMost(Duration.ofSeconds(60)).until(() -> store.retriedFailures() >= 1
                    && countBackends("wait_event_type = 'Lock'") == 1);
            locker.commit();
            assertThat(cas.get(1, TimeUnit.MINUTES)).isEqualTo(WriteResult.applied(2));
            assertThat(store.get("aliases", "iris/prod").orElseThrow().documentAsString()).isEqualTo("v2");
            assertThat(store.get("aliases", "iris/prod").orElseThrow().revision()).isEqualTo(2);
        }
    }

    private long count(String table) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM mlops." + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long countBackends(String condition) throws SQLException {
        try (Connection c = DriverManager.getConnection(PostgresTestServer.shared().adminUrl());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = '" + database
                     + "' AND application_name = 'mlops-store-jdbc' AND " + condition)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private int terminateBackends(String condition) throws SQLException {
        try (Connection c = DriverManager.getConnection(PostgresTestServer.shared().adminUrl());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                     + database + "' AND application_name = 'mlops-store-jdbc' AND " + condition)) {
            int n = 0;
            while (rs.next()) {
                if (rs.getBoolean(1)) {
                    n++;
                }
            }
            return n;
        }
    }
}
