package dev.mlops.registry.dataset;

import dev.mlops.registry.InvalidMetadataException;
import dev.mlops.registry.Registry;
import dev.mlops.registry.internal.Content;
import dev.mlops.registry.spi.Store;
import dev.mlops.registry.store.InMemoryStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Data set and artifact file names that could not be checked out on Linux, macOS or Windows are refused before
 * anything is stored: no version, no data set record, no blob.
 */
class PortableFileNamesTest {
    @TempDir
    Path dir;

    /** Names Linux accepts as file names but some supported OS cannot create (or creates as something else). */
    @ParameterizedTest
    @ValueSource(strings = {"back\\slash.csv", "c:x.csv", "a:b", "con.csv", "NUL", "Aux.txt", "com1", "lpt9.data",
            "trailing.", "trailing ", "tab\there.csv", "bell\u0007.csv", "a<b.csv", "what?.csv", "star*.csv",
            "pipe|.csv", "quote\".csv", "con .csv"})
    void aSingleFileWithAnUnportableNameIsRefusedBeforeAnythingIsStored(String name) throws IOException {
        Path file = Files.writeString(dir.resolve(name), "a,b\n1,2\n");
        Store store = InMemoryStore.create().asStore();
        Registry registry = Registry.open(store);
        assertThatThrownBy(() -> registry.datasets().add("patients").path(file).by("alice").commit())
                .isInstanceOf(InvalidMetadataException.class).hasMessageContaining("Refusing the data set file name")
                .hasMessageContaining("Nothing was stored");
        assertThat(registry.datasets().names()).isEmpty();
        assertThat(store.blobs().list(null, 100).items()).isEmpty();
        assertThat(registry.maintenance().verify().isClean()).isTrue();
        assertThatThrownBy(() -> registry.register("m").file(file))
                .isInstanceOf(InvalidMetadataException.class).hasMessageContaining("artifact file name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sub/back\\slash.csv", "sub/c:x.csv", "prn/data.csv", "deep/er./x.csv", "x/CON.parquet"})
    void aTreeWithOneUnportableNameIsRefusedWhole(String bad) throws IOException {
        Path tree = dir.resolve("tree");
        Files.createDirectories(tree.resolve("sub"));
        Files.writeString(tree.resolve("sub/good.csv"), "a\n1\n");
        Files.writeString(tree.resolve("first.csv"), "a\n2\n");
        Path hostile = tree.resolve(bad);
        Files.createDirectories(hostile.getParent());
        Files.writeString(hostile, "a\n3\n");
        Store store = InMemoryStore.create().asStore();
        Registry registry = Registry.open(store);
        assertThatThrownBy(() -> registry.datasets().add("tree").path(tree).by("alice").commit())
                .isInstanceOf(InvalidMetadataException.class).hasMessageContaining("'" + bad + "'");
        assertThat(registry.datasets().names()).isEmpty();
        assertThat(store.blobs().list(null, 100).items()).isEmpty();
    }

    @Test
    void namesThatCollideOnCaseInsensitiveFileSystemsAreRefused() throws IOException {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Files.writeString(tree.resolve("Data.csv"), "a\n1\n");
        Files.writeString(tree.resolve("data.csv"), "a\n2\n");
        Registry registry = Registry.inMemory();
        assertThatThrownBy(() -> registry.datasets().add("tree").path(tree).by("alice").commit())
                .isInstanceOf(InvalidMetadataException.class).hasMessageContaining("'Data.csv' and 'data.csv'");
        assertThat(registry.datasets().names()).isEmpty();
    }

    @Test
    void portableNamesAreStoredAndCheckedOut() throws IOException {
        Path tree = Files.createDirectories(dir.resolve("tree/sub"));
        Files.writeString(tree.resolve("été 2024.csv"), "a\n1\n");
        Files.writeString(tree.resolve("con-tracts.csv"), "a\n2\n");
        Files.writeString(tree.resolve(".hidden"), "x");
        Registry registry = Registry.inMemory();
        DatasetVersion v = registry.datasets().add("tree").path(dir.resolve("tree")).by("alice").commit();
        assertThat(registry.datasets().files("tree", v.number())).extracting(DatasetFile::path)
                .containsExactly("sub/.hidden", "sub/con-tracts.csv", "sub/été 2024.csv");
        Path out = dir.resolve("out");
        registry.datasets().checkout("tree", v.number(), out);
        assertThat(Files.readString(out.resolve("sub/été 2024.csv"))).isEqualTo("a\n1\n");
    }

    @Test
    void theRuleNamesWhatIsWrong() {
        assertThatThrownBy(() -> Content.checkPortablePath("a/" + "x".repeat(256), "file"))
                .hasMessageContaining("longer than 255 bytes");
        assertThatThrownBy(() -> Content.checkPortablePath("a//b", "file")).hasMessageContaining("empty");
        assertThatThrownBy(() -> Content.checkPortablePath("../b", "file")).hasMessageContaining("'..'");
        assertThatThrownBy(() -> Content.checkPortablePath("/etc/passwd", "file")).hasMessageContaining("absolute");
        assertThatThrownBy(() -> Content.checkPortablePath("x\u0001", "file")).hasMessageContaining("U+0001")
                .hasMessageContaining("x\\u0001");
        assertThat(Content.checkPortablePath("models/v1/model.onnx", "file")).isEqualTo("models/v1/model.onnx");
    }
}
