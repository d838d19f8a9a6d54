package dev.mlops.registry.dataset;

import dev.mlops.registry.spi.Digest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetFilesTest {
    private static DatasetFile file(String path) {
        return new DatasetFile(path, Digest.sha256(path.getBytes(StandardCharsets.UTF_8)), 10);
    }

    private final DatasetFiles files = DatasetFiles.of("train", 3,
            List.of(file("README.md"), file("data/part.CSV"), file("labels.jsonl")));

    @Test
    void theSingleFileWithASuffixIsFoundIgnoringCase() {
        assertThat(files.single(".csv").path()).isEqualTo("data/part.CSV");
        assertThat(files.single(".jsonl", ".ndjson").path()).isEqualTo("labels.jsonl");
        assertThat(files.withSuffix(".csv", ".jsonl")).extracting(DatasetFile::path)
                .containsExactly("data/part.CSV", "labels.jsonl");
        assertThat(files.withSuffix()).hasSize(3);
        assertThat(files.id()).isEqualTo("train:3");
    }

    @Test
    void noneOrSeveralFilesNameTheCountAndThePaths() {
        assertThatThrownBy(files::single).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("data set train:3 holds 3 files [README.md, data/part.CSV, labels.jsonl]; expected exactly"
                        + " one: name the file to read by its path");
        assertThatThrownBy(() -> files.single(".parquet")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("data set train:3 holds 0 PARQUET files []");
        assertThatThrownBy(() -> files.single(List.of(".md", ".csv"), found -> new IllegalStateException(found.size() + " found")))
                .isInstanceOf(IllegalStateException.class).hasMessage("2 found");
    }

    @Test
    void aFileIsFoundByPathOrTheErrorListsThePaths() {
        assertThat(files.file("labels.jsonl").path()).isEqualTo("labels.jsonl");
        assertThatThrownBy(() -> files.file("nope.csv")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("data set train:3 has no file 'nope.csv'; its files are [README.md, data/part.CSV, labels.jsonl]");
    }
}
