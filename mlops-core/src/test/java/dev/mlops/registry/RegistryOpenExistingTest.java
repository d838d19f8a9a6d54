package dev.mlops.registry;

import dev.mlops.registry.spi.NotFoundException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Registry#openExisting(String)}: a mistyped file: path fails instead of becoming a new, empty store. */
class RegistryOpenExistingTest {
    @TempDir
    Path dir;

    @Test
    void aFileStoreThatDoesNotExistIsRefusedNamingThePathAndNothingIsCreated() {
        Path missing = dir.resolve("mlops-dta");
        assertThatThrownBy(() -> Registry.openExisting("file:" + missing))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
        assertThat(missing).doesNotExist();
    }

    @Test
    void anExistingDirectoryThatHoldsNoStoreIsRefusedToo() throws Exception {
        Path plain = Files.createDirectory(dir.resolve("plain"));
        assertThatThrownBy(() -> Registry.openExisting("file:" + plain))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("holds no mlops-store.json");
        try (var files = Files.list(plain)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void anExistingStoreOpensWithItsContent() {
        String uri = "file:" + dir.resolve("store");
        try (Registry r = Registry.open(uri)) {
            r.register("fraud").bytes(new byte[]{1, 2, 3}).fileName("model.bin").format("bin").commit();
        }
        try (Registry r = Registry.openExisting(uri)) {
            assertThat(r.latestNumber("fraud")).isEqualTo(1);
        }
    }

    @Test
    void otherSchemesOpenAsWithOpen() {
        try (Registry r = Registry.openExisting("mem:")) {
            assertThat(r.findModels("", java.util.Map.of())).isEmpty();
        }
    }
}
