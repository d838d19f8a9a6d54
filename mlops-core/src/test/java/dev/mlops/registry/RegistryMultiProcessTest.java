package dev.mlops.registry;

import dev.mlops.registry.maintenance.VerifyReport;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several JVMs registering on one {@code file:} store at once, and JVMs killed with SIGKILL while registering. Both
 * need the file store (multi-process consistency is its job); the test fails, not skips, without it.
 */
class RegistryMultiProcessTest {

    @BeforeAll
    static void fileStoreIsOnTheClassPath() {
        assertThat(TestStores.hasFileStore()).as("file: store provider").isTrue();
    }

    private static Process worker(String uri, String model, int threads, int perThread, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                RegisterWorker.class.getName(), uri, model, String.valueOf(threads), String.valueOf(perThread)));
        cmd.addAll(List.of(extra));
        Path err = java.nio.file.Files.createTempFile("register-worker", ".err");
        System.out.println("worker stderr: " + err);
        return new ProcessBuilder(cmd).redirectError(err.toFile()).start();
    }

    private static List<Integer> numbers(InputStream out) throws Exception {
        List<Integer> n = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(out, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("registered ")) {
                    n.add(Integer.parseInt(line.substring(11).trim()));
                }
            }
        }
        return n;
    }

    @Test
    void twoJvmsWithSeveralThreadsEachGetDistinctGapFreeNumbers() throws Exception {
        String uri = TestStores.fileUri(TestStores.tempDir());
        Process a = worker(uri, "shared", 3, 8);
        Process b = worker(uri, "shared", 3, 8);
        List<Integer> all = new ArrayList<>(numbers(a.getInputStream()));
        all.addAll(numbers(b.getInputStream()));
        assertThat(a.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(b.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(a.exitValue()).isZero();
        assertThat(b.exitValue()).isZero();
        assertThat(all).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 48).boxed().toList());
        try (Registry reg = Registry.open(uri)) {
            assertThat(reg.latestNumber("shared")).isEqualTo(48);
            assertThat(reg.versions("shared")).hasSize(48);
        }
    }

    @Test
    void registrationsKilledAtRandomMomentsLeaveAVerifiableStoreWithNoGaps() throws Exception {
        String uri = TestStores.fileUri(TestStores.tempDir());
        Random rnd = new Random(42);
        for (int round = 0; round < 3; round++) {
            Process p = worker(uri, "killed", 2, 0, "alias");
            int killAfter = 1 + rnd.nextInt(15);
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                int seen = 0;
                String line;
                while (seen < killAfter && (line = r.readLine()) != null) {
                    if (line.startsWith("registered ")) {
                        seen++;
                    }
                }
                p.destroyForcibly(); // SIGKILL in the middle of whatever it does next
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
        }
        try (Registry reg = Registry.open(uri)) {
            VerifyReport report = reg.maintenance().verify();
            assertThat(report.problems()).isEmpty();
            int latest = reg.latestNumber("killed");
            assertThat(latest).isGreaterThanOrEqualTo(3);
            List<ModelVersion> versions = reg.versions("killed");
            assertThat(versions).extracting(ModelVersion::number)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, latest).boxed().toList());
            for (ModelVersion v : versions) {
                try (InputStream in = reg.openArtifact("killed", v.number())) {
                    assertThat(in.readAllBytes()).hasSize((int) v.artifact().size());
                }
            }
            assertThat(reg.aliasHistory("killed", "prod").isIntact()).isTrue();
            // and the store keeps working: the next number follows without a gap
            assertThat(reg.register("killed").bytes(new byte[]{1}).commit().number()).isEqualTo(latest + 1);
        }
    }
}
