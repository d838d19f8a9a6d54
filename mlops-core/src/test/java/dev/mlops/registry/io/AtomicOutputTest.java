package dev.mlops.registry.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AtomicOutputTest {
    @TempDir
    Path dir;

    @Test
    void aWriterThatFailsHalfwayLeavesThePreviousFileAndNoPartialFile() throws IOException {
        Path target = dir.resolve("model.zip");
        Files.writeString(target, "the good archive");
        assertThatThrownBy(() -> AtomicOutput.write(target, out -> {
            out.write("a partial archive ".repeat(10_000).getBytes(StandardCharsets.UTF_8));
            throw new IllegalStateException("blob 1234 is corrupt");
        })).isInstanceOf(IllegalStateException.class).hasMessage("blob 1234 is corrupt");
        assertThat(Files.readString(target)).isEqualTo("the good archive");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void anIoFailureIsReportedAndLeavesNothingBehind() {
        Path target = dir.resolve("out.csv");
        assertThatThrownBy(() -> AtomicOutput.write(target, out -> {
            out.write(1);
            throw new IOException("disk full");
        })).isInstanceOf(UncheckedIOException.class).hasMessageContaining("disk full")
                .hasMessageContaining("out.csv").hasMessageContaining("unchanged");
        assertThat(target).doesNotExist();
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void aSuccessfulWriteReplacesTheFileWholeAndCreatesMissingDirectories() throws IOException {
        Path target = dir.resolve("a/b/report.json");
        AtomicOutput.write(target, "{\"old\":1}".getBytes(StandardCharsets.UTF_8));
        AtomicOutput.write(target, out -> {
            out.write("{\"new\":".getBytes(StandardCharsets.UTF_8));
            out.close(); // a writer closing the stream early does not end the write
            out.write("2}".getBytes(StandardCharsets.UTF_8));
        });
        assertThat(Files.readString(target)).isEqualTo("{\"new\":2}");
        assertThat(target.getParent().toFile().list()).containsExactly("report.json");
    }
}
