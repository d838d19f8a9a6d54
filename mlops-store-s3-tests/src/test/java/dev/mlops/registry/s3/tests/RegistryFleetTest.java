package dev.mlops.registry.s3.tests;

import dev.mlops.registry.AliasMove;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Registry;
import dev.mlops.registry.maintenance.VerifyReport;
import dev.mlops.registry.jdbc.testing.PostgresTestServer;
import dev.mlops.registry.spi.Stores;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real registry as a fleet: several {@link Registry} instances (threads, a registry each, and a second JVM)
 * on one PostgreSQL database and one bucket, registering versions and moving an alias at once.
 */
class RegistryFleetTest {

    @Test
    void registriesInTwoJvmsNumberVersionsWithoutGapsOrDuplicatesAndRecordEveryAliasMove() throws Exception {
        String records = PostgresTestServer.shared().newDatabase() + "&poolSize=3";
        String blobs = S3ProxyServer.shared().uri("registry-fleet-" + UUID.randomUUID());
        int threads = 3;
        int jvmThreads = 2;
        int versions = 6;
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RegistryFleetWorker.class.getName(),
                records, blobs, "fraud", Integer.toString(jvmThreads), Integer.toString(versions))
                .redirectErrorStream(true).start();
        CompletableFuture<String> childOutput = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<Integer>>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String actor = "jvm1-t" + t;
            long seed = t;
            results.add(pool.submit(() -> {
                try (Registry registry = Registry.open(Stores.open(records, blobs))) {
                    return RegistryFleetWorker.registerAndPromote(registry, "fraud", actor, versions, seed);
                }
            }));
        }
        List<Integer> numbers = new ArrayList<>();
        for (Future<List<Integer>> f : results) {
            numbers.addAll(f.get(4, TimeUnit.MINUTES));
        }
        pool.shutdown();
        assertThat(child.waitFor(4, TimeUnit.MINUTES)).isTrue();
        String out = childOutput.get(10, TimeUnit.SECONDS);
        assertThat(child.exitValue()).as(out).isZero();
        out.lines().filter(l -> l.startsWith("registered ")).forEach(l -> numbers.add(Integer.parseInt(l.substring(11).strip())));

        int total = (threads + jvmThreads) * versions;
        assertThat(numbers).as("every registration got its own number, 1..%d", total)
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, total).boxed().toList());
        try (Registry registry = Registry.open(Stores.open(records, blobs))) {
            assertThat(registry.versions("fraud")).extracting(ModelVersion::number)
                    .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, total).boxed().toList());
            List<AliasMove> moves = registry.aliasHistory("fraud", "prod").moves();
            assertThat(moves).as("no alias move lost").hasSize(total);
            OptionalInt current = registry.resolve("fraud", "prod");
            assertThat(current).isEqualTo(moves.get(moves.size() - 1).to());
            VerifyReport report = registry.maintenance().verify();
            assertThat(report.problems()).isEmpty();
            assertThat(report.blobsChecked()).isGreaterThanOrEqualTo(total);
        }
    }
}
