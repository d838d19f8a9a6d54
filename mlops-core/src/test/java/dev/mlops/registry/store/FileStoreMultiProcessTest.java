package dev.mlops.registry.store;

import dev.mlops.registry.spi.VersionedRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two JVMs with several threads each do compare-and-set increments on shared keys of one directory; no increment is
 * lost (the final counts equal the successful increments, and each success made exactly one revision).
 */
class FileStoreMultiProcessTest {
    private static final int PROCESSES = 2;
    private static final int THREADS = 4;
    private static final int PER_THREAD = 15;
    private static final int KEYS = 3;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void compareAndSetIncrementsFromTwoJvmsAreNeverLost(@TempDir Path dir) throws Exception {
        try (FileStore store = FileStore.open(dir)) {
            for (int k = 0; k < KEYS; k++) {
                assertThat(store.createIfAbsent(FileStoreWorker.COLLECTION, "counter/" + k,
                        "0".getBytes(StandardCharsets.UTF_8)).applied()).isTrue();
            }
        }
        List<Process> children = new ArrayList<>();
        List<BufferedReader> outputs = new ArrayList<>();
        try {
            for (int p = 0; p < PROCESSES; p++) {
                Process child = ChildJvm.start(List.of("-Xmx64m"), "increment", dir.toString(),
                        Integer.toString(THREADS), Integer.toString(PER_THREAD), Integer.toString(KEYS));
                children.add(child);
                outputs.add(ChildJvm.stdout(child));
            }
            for (BufferedReader out : outputs) {
                assertThat(out.readLine()).isEqualTo("ready");
            }
            for (Process child : children) { // release both at once
                OutputStream in = child.getOutputStream();
                in.write("go\n".getBytes(StandardCharsets.UTF_8));
                in.flush();
            }
            long[] successes = new long[KEYS];
            for (BufferedReader out : outputs) {
                String line = out.readLine();
                assertThat(line).as("child result").startsWith("done ");
                String[] parts = line.split(" ");
                for (int k = 0; k < KEYS; k++) {
                    successes[k] += Long.parseLong(parts[k + 1]);
                }
            }
            for (Process child : children) {
                assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(child.exitValue()).isZero();
            }
            long total = 0;
            try (FileStore store = FileStore.open(dir)) {
                for (int k = 0; k < KEYS; k++) {
                    VersionedRecord r = store.get(FileStoreWorker.COLLECTION, "counter/" + k).orElseThrow();
                    assertThat(Long.parseLong(r.documentAsString())).as("counter %d", k).isEqualTo(successes[k]);
                    assertThat(r.revision()).as("revision of counter %d", k).isEqualTo(successes[k] + 1);
                    total += successes[k];
                }
            }
            assertThat(total).isEqualTo((long) PROCESSES * THREADS * PER_THREAD);
        } finally {
            for (Process child : children) {
                child.destroyForcibly();
            }
        }
    }
}
