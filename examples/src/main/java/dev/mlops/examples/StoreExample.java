package dev.mlops.examples;

import dev.mlops.registry.spi.BlobInfo;
import dev.mlops.registry.spi.Store;
import dev.mlops.registry.spi.Stores;
import dev.mlops.registry.spi.VersionedRecord;
import dev.mlops.registry.spi.WriteResult;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The storage SPI used directly: a file store, a blob, and a record updated with compare-and-set. The README's
 * "Stores" section copies the body of {@link #run(Path)}.
 */
public final class StoreExample {
    private StoreExample() {
    }

    public static void main(String[] args) throws Exception {
        run(Files.createTempDirectory("mlops-store-example"));
    }

    static void run(Path dir) throws Exception {
        try (Store store = Stores.open("file:" + dir)) {                 // or FileStore.open(dir).asStore()
            BlobInfo blob = store.blobs().put(new ByteArrayInputStream("model bytes".getBytes(StandardCharsets.UTF_8)));
            byte[] doc = ("{\"artifact\":\"" + blob.digest() + "\"}").getBytes(StandardCharsets.UTF_8);
            WriteResult created = store.records().createIfAbsent("models", "iris/versions/1", doc);
            VersionedRecord current = store.records().get("models", "iris/versions/1").orElseThrow();
            WriteResult updated = store.records().compareAndSet("models", "iris/versions/1", current.revision(), doc);
            try (InputStream in = store.blobs().get(blob.digest())) {            // verifies SHA-256 while reading
                System.out.println(created + " " + updated + " " + in.readAllBytes().length + " bytes");
            }
        }
    }
}
