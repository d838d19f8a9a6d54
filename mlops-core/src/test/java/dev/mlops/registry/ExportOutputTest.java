package dev.mlops.registry;

import dev.mlops.registry.spi.CorruptedContentException;
import dev.mlops.registry.spi.Digest;
import dev.mlops.registry.store.InMemoryStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A failed export or checkout leaves the previous file untouched and no partial file behind. */
class ExportOutputTest {
    @TempDir
    Path dir;

    @Test
    void aFailedExportLeavesThePreviousArchiveWholeAndNoPartialFile() throws Exception {
        InMemoryStore mem = InMemoryStore.create();
        try (Registry reg = Registry.open(mem.asStore())) {
            byte[] big = new byte[300_000];
            new java.util.Random(7).nextBytes(big);
            reg.register("m").bytes(big).commit();
            Path archive = dir.resolve("m.zip");
            reg.maintenance().exportVersion("m", 1, archive);
            byte[] good = Files.readAllBytes(archive);
            byte[] damaged = big.clone();
            damaged[250_000] ^= 1; // detected only at the end of the blob, after most of it was written out
            dev.mlops.registry.store.StoreCorrupters.of(mem).orElseThrow().corrupt(Digest.sha256(big), damaged);
            assertThatThrownBy(() -> reg.maintenance().exportVersion("m", 1, archive)).isInstanceOf(CorruptedContentException.class);
            assertThat(Files.readAllBytes(archive)).isEqualTo(good);
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files).containsExactly(archive);
            }
            // a checkout that meets the damaged blob leaves the previous file as it was
            Path out = Files.createDirectories(dir.resolve("co"));
            Files.writeString(out.resolve("artifact"), "previous");
            assertThatThrownBy(() -> reg.checkout("m", 1, out)).isInstanceOf(CorruptedContentException.class);
            assertThat(Files.readString(out.resolve("artifact"))).isEqualTo("previous");
            try (Stream<Path> files = Files.list(out)) {
                assertThat(files).containsExactly(out.resolve("artifact"));
            }
        }
    }
}
