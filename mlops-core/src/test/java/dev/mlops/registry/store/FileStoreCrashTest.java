package dev.mlops.registry.store;

import dev.mlops.registry.spi.BlobInfo;
import dev.mlops.registry.spi.Page;
import dev.mlops.registry.spi.VersionedRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills a child JVM that writes records and blobs (fsync on, the default) at random moments, many times, and checks
 * that the store is whole afterwards: every record parses and names its own revision, every blob verifies, and the
 * temporary files of the dead writers are cleaned up.
 */
class FileStoreCrashTest {
    private static final int KILLS = 20;
    private static final Pattern REVISION = Pattern.compile("^\\{\"revision\":(\\d+),\"pad\":\"x*\"}$");

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aWriterKilledAtRandomMomentsNeverLeavesATornRecordOrABadBlob(@TempDir Path dir) throws Exception {
        Random random = new Random(20261123);
        long completedOps = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        int kills = 0;
        long leftovers = 0;
        while (kills < KILLS && System.nanoTime() < deadline) {
            Process child = ChildJvm.start(List.of("-Xmx64m", "-XX:TieredStopAtLevel=1", "-Xshare:auto"),
                    "write-forever", dir.toString(), Long.toString(random.nextLong()));
            try {
                BufferedReader out = ChildJvm.stdout(child);
                int waitFor = 1 + random.nextInt(25); // completed operations before the kill
                boolean midWrite = kills % 2 == 0;      // every other kill is aimed at a blob write half done
                int done = 0;
                while (true) {
                    String line = out.readLine();
                    assertThat(line).as("the writer stopped early (see its stderr)").isNotNull();
                    if (line.startsWith("begin")) {
                        if (midWrite && done >= waitFor && line.equals("begin-blob")) {
                            break;
                        }
                        continue;
                    }
                    completedOps++;
                    if (++done >= waitFor && !midWrite) {
                        break;
                    }
                }
            } finally {
                child.destroyForcibly();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            kills++;
            try (Stream<Path> tmp = Files.list(dir.resolve("tmp"))) {
                leftovers += tmp.count(); // the next writer's open removes them
            }
        }
        System.out.println("kills=" + kills + " temporary files left=" + leftovers + " completed operations=" + completedOps);
        assertThat(kills).as("kills within the time bound").isGreaterThanOrEqualTo(10);
        // half the kills are aimed at a blob write that is half done (the worker says so): they must leave temp files
        assertThat(leftovers).as("temporary files left by writers killed mid-write").isGreaterThanOrEqualTo(kills / 4);

        try (FileStore store = FileStore.open(dir)) {
            // the dead writers' temporary files are gone once a store is opened
            try (Stream<Path> tmp = Files.list(dir.resolve("tmp"))) {
                assertThat(tmp).isEmpty();
            }
            List<String> keys = listAll(store);
            assertThat(keys).isNotEmpty();
            long revisions = 0;
            for (String key : keys) {
                VersionedRecord r = store.get(FileStoreWorker.COLLECTION, key).orElseThrow();
                Matcher m = REVISION.matcher(r.documentAsString());
                assertThat(m.matches()).as("record %s is a whole document", key).isTrue();
                assertThat(Long.parseLong(m.group(1))).as("record %s names its revision", key).isEqualTo(r.revision());
                revisions += r.revision();
            }
            int blobs = 0;
            String token = null;
            do {
                Page<BlobInfo> page = store.list(token, 100);
                for (BlobInfo b : page.items()) {
                    try (InputStream in = store.get(b.digest())) {
                        assertThat(in.readAllBytes()).hasSize((int) b.size()); // the stream verifies the digest
                    }
                    blobs++;
                }
                token = page.nextPageToken();
            } while (token != null);
            assertThat(blobs + revisions).as("work survived the kills").isGreaterThan(kills);
            assertThat(completedOps).isGreaterThanOrEqualTo(kills);
        }
    }

    private static List<String> listAll(FileStore store) {
        List<String> keys = new ArrayList<>();
        String token = null;
        do {
            Page<String> page = store.list(FileStoreWorker.COLLECTION, "", token, 1000);
            keys.addAll(page.items());
            token = page.nextPageToken();
        } while (token != null);
        return keys;
    }
}
