package dev.mlops.registry.store;

import dev.mlops.registry.spi.Store;
import dev.mlops.registry.spi.Stores;
import dev.mlops.registry.spi.VersionedRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The core stores are found through {@link Stores} by URI, alone or split into records and blobs. */
class StoreDiscoveryTest {

    @Test
    void bothCoreSchemesAreOnTheClassPath() {
        assertThat(Stores.providers()).containsKeys("file", "mem");
        assertThat(Stores.providers().get("file")).isInstanceOf(FileStoreProvider.class);
        assertThat(Stores.providers().get("mem")).isInstanceOf(InMemoryStoreProvider.class);
    }

    @Test
    void memNameOpensTheSameSharedStore() {
        try (Store a = Stores.open("mem:discovery-test"); Store b = Stores.open("mem:discovery-test")) {
            a.records().createIfAbsent("c", "k", "v".getBytes(StandardCharsets.UTF_8));
            assertThat(b.records().get("c", "k")).map(VersionedRecord::documentAsString).contains("v");
            assertThat(a.description()).isEqualTo("mem:discovery-test");
        } finally {
            InMemoryStore.forget("discovery-test");
        }
    }

    @Test
    void fileUriOpensAFileStoreInThatDirectory(@TempDir Path dir) {
        try (Store store = Stores.open("file:" + dir)) {
            assertThat(store.records()).isInstanceOf(FileStore.class).isSameAs(store.blobs());
            store.records().createIfAbsent("c", "k", "v".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(dir.resolve("records/c/k.rec")).exists();
        try (Store store = Stores.open(dir.toUri().toString())) { // file:///...
            assertThat(store.records().get("c", "k")).isPresent();
        }
    }

    @Test
    void recordsAndBlobsCanComeFromDifferentStores(@TempDir Path dir) throws Exception {
        try (Store store = Stores.open("mem:", "file:" + dir)) {
            assertThat(store.records()).isInstanceOf(InMemoryStore.class);
            assertThat(store.blobs()).isInstanceOf(FileStore.class);
            assertThat(store.description()).isEqualTo("records mem:, blobs file:" + dir);
            var info = store.blobs().put(new java.io.ByteArrayInputStream(new byte[] {1, 2, 3}));
            assertThat(dir.resolve("blobs/sha256/" + info.digest().hex().substring(0, 2) + "/" + info.digest().hex())).exists();
        }
    }
}
