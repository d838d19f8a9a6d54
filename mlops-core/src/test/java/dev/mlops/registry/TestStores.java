package dev.mlops.registry;

import dev.mlops.registry.spi.Store;
import dev.mlops.registry.spi.Stores;
import dev.mlops.registry.store.InMemoryStore;
import org.junit.jupiter.api.Named;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The stores every registry test runs on: {@code mem:} always, and {@code file:} (in a fresh temporary directory)
 * whenever a {@code file} provider is on the class path.
 */
public final class TestStores {
    private TestStores() {
    }

    public static boolean hasFileStore() {
        return Stores.providers().containsKey("file");
    }

    public static Stream<Named<Supplier<Store>>> all() {
        List<Named<Supplier<Store>>> out = new ArrayList<>();
        out.add(Named.of("mem", () -> InMemoryStore.create().asStore()));
        if (hasFileStore()) {
            out.add(Named.of("file", () -> Stores.open(fileUri(tempDir()))));
        }
        return out.stream();
    }

    public static String fileUri(Path dir) {
        return "file:" + dir.toAbsolutePath();
    }

    public static Path tempDir() {
        try {
            return Files.createTempDirectory("mlops-registry-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] resource(String name) {
        try (var in = TestStores.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path resourceFile(String name, Path dir) {
        try {
            Path p = dir.resolve(name.substring(name.lastIndexOf('/') + 1));
            Files.write(p, resource(name));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
