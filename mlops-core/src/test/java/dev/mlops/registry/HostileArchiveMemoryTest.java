package dev.mlops.registry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An archive whose manifest inflates to hundreds of megabytes is refused with one clear line, in a JVM with a 64 MB
 * heap: the manifest is capped before it is read into memory, never an {@code OutOfMemoryError}.
 */
class HostileArchiveMemoryTest {
    @TempDir
    Path dir;

    @Test
    void aManifestThatInflatesTo400MegabytesIsRefusedInA64MegabyteHeap() throws Exception {
        Path bomb = dir.resolve("bomb.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(bomb))) {
            zip.setLevel(9);
            zip.putNextEntry(new ZipEntry("mlops-export.json"));
            zip.write("{\"kind\":\"mlops-model-version-export\",\"pad\":\"".getBytes(StandardCharsets.US_ASCII));
            byte[] spaces = " ".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 400; i++) {
                zip.write(spaces);
            }
            zip.write("\"}".getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
        }
        assertThat(Files.size(bomb)).isLessThan(2L << 20); // under 2 MB on disk
        List<String> out = run(bomb);
        assertThat(out.get(0)).startsWith("refused InputTooLargeException: Expected mlops-export.json in archive")
                .contains("at most 4194304 bytes");
        assertThat(out.get(1)).isEqualTo("exit 2");
    }

    @Test
    void aManifestNestedOneHundredThousandDeepIsRefusedWithoutAStackOverflow() throws Exception {
        Path deep = dir.resolve("deep.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(deep))) {
            zip.putNextEntry(new ZipEntry("mlops-export.json"));
            OutputStream o = zip;
            o.write("{\"kind\":\"mlops-model-version-export\",\"x\":".getBytes(StandardCharsets.US_ASCII));
            o.write("[".repeat(100_000).getBytes(StandardCharsets.US_ASCII));
            o.write("]".repeat(100_000).getBytes(StandardCharsets.US_ASCII));
            o.write('}');
            zip.closeEntry();
        }
        List<String> out = run(deep);
        assertThat(out.get(0)).startsWith("refused InvalidMetadataException: Refusing archive")
                .contains("nesting depth");
        assertThat(out.get(1)).isEqualTo("exit 2");
    }

    private static List<String> run(Path archive) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-Xss512k", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                ArchiveImportWorker.class.getName(), archive.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return List.of(stdout.lines().findFirst().orElse(""), "exit " + p.exitValue());
    }
}
