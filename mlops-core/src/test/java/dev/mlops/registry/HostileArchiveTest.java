package dev.mlops.registry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.registry.internal.Json;
import dev.mlops.registry.spi.ConflictException;
import dev.mlops.registry.spi.CorruptedContentException;
import dev.mlops.registry.spi.Digest;
import dev.mlops.registry.spi.RegistryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Archives built to abuse import: blobs linked by digest alone, lying sizes and signatures, duplicate entries,
 * missing fields, bad names found late. Each is refused before anything is committed (or has its lies replaced by
 * what the content says), and a refused import can be retried.
 */
class HostileArchiveTest {
    @TempDir
    Path dir;

    private static final byte[] PRIVATE = "the target's private model, never exported".getBytes(StandardCharsets.UTF_8);

    /** An archive of version 1 of "m" (bytes {@code content}, one attachment), as the source registry exports it. */
    private Path export(byte[] content, String fileName) {
        try (Registry src = Registry.inMemory()) {
            VersionRegistration r = src.register("m").bytes(content);
            if (fileName != null) {
                r.fileName(fileName);
            }
            r.commit();
            src.attach("m", 1, "profile.json", "{\"p\":1}".getBytes(StandardCharsets.UTF_8));
            Path archive = dir.resolve("m-" + System.nanoTime() + ".zip");
            src.maintenance().exportVersion("m", 1, archive);
            return archive;
        }
    }

    /** Copies {@code archive}, editing the manifest and the entries (name → bytes; null bytes drops the entry). */
    private Path rewrite(Path archive, Consumer<ObjectNode> editManifest, Map<String, byte[]> entries) throws IOException {
        Map<String, byte[]> all = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(archive))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                all.put(e.getName(), in.readAllBytes());
            }
        }
        ObjectNode manifest = (ObjectNode) Json.MAPPER.readTree(all.get("mlops-export.json"));
        editManifest.accept(manifest);
        all.put("mlops-export.json", Json.MAPPER.writeValueAsBytes(manifest));
        all.putAll(entries);
        Path out = dir.resolve("hostile-" + System.nanoTime() + ".zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
            for (Map.Entry<String, byte[]> e : all.entrySet()) {
                if (e.getValue() != null) {
                    zip.putNextEntry(new ZipEntry(e.getKey()));
                    zip.write(e.getValue());
                    zip.closeEntry();
                }
            }
        }
        return out;
    }

    private static String blob(byte[] b) {
        return "blobs/" + Digest.sha256(b).hex();
    }

    // ---------------------------------------------------------------- item 2: nothing linked by digest alone

    @Test
    void anAttachmentNamedByTheDigestOfATargetsPrivateBlobIsRefused() throws IOException {
        Path archive = rewrite(export("model".getBytes(), null), m -> {
            ObjectNode att = (ObjectNode) m.withArray("attachments").get(0);
            att.put("digest", Digest.sha256(PRIVATE).toString());
        }, Map.of());
        try (Registry dst = Registry.inMemory()) {
            dst.register("secret").bytes(PRIVATE).commit();
            assertThatThrownBy(() -> dst.maintenance().importVersion(archive, "ci")).isInstanceOf(CorruptedContentException.class)
                    .hasMessageContaining("lacks the blob " + Digest.sha256(PRIVATE))
                    .hasMessageContaining("attachment 'profile.json'");
            assertThat(dst.findModel("m")).isEmpty();
        }
    }

    @Test
    void anArtifactNamedByTheDigestOfATargetsPrivateBlobIsRefused() throws IOException {
        byte[] model = "public model".getBytes();
        Path archive = rewrite(export(model, null), m -> ((ObjectNode) m.with("version").with("artifact"))
                .put("digest", Digest.sha256(PRIVATE).toString()), drop(blob(model)));
        try (Registry dst = Registry.inMemory()) {
            dst.register("secret").bytes(PRIVATE).commit();
            assertThatThrownBy(() -> dst.maintenance().importVersion(archive, "ci")).isInstanceOf(CorruptedContentException.class)
                    .hasMessageContaining("lacks the artifact blob");
            assertThat(dst.findModel("m")).isEmpty();
        }
    }

    @Test
    void anEntryNamedForATargetsPrivateBlobMustHoldItsBytes() throws IOException {
        // the archive claims to carry the private blob, but the entry holds other bytes: the target already has that
        // digest, so a store could skip reading the entry; import hashes it regardless
        Path archive = rewrite(export("model".getBytes(), null), m -> {
            ObjectNode att = (ObjectNode) m.withArray("attachments").get(0);
            att.put("digest", Digest.sha256(PRIVATE).toString());
        }, Map.of(blob(PRIVATE), "not the private bytes at all".getBytes()));
        try (Registry dst = Registry.inMemory()) {
            dst.register("secret").bytes(PRIVATE).commit();
            assertThatThrownBy(() -> dst.maintenance().importVersion(archive, "ci")).isInstanceOf(CorruptedContentException.class);
            assertThat(dst.findModel("m")).isEmpty();
        }
    }

    // ---------------------------------------------------------------- item 5: validate first, one commit point

    @Test
    void aBadAttachmentNameFailsBeforeTheCommitAndTheImportCanBeRetried() throws IOException {
        Path bad = rewrite(export("model v1".getBytes(), null),
                m -> ((ObjectNode) m.withArray("attachments").get(0)).put("name", "../../etc/passwd"), Map.of());
        try (Registry dst = Registry.inMemory()) {
            assertThatThrownBy(() -> dst.maintenance().importVersion(bad, "ci")).isInstanceOf(RegistryException.class)
                    .isNotInstanceOf(ConflictException.class);
            assertThat(dst.findModel("m")).isEmpty();
            // retried: the same refusal, not "already imported"
            assertThatThrownBy(() -> dst.maintenance().importVersion(bad, "ci")).isInstanceOf(RegistryException.class)
                    .isNotInstanceOf(ConflictException.class);
            assertThat(dst.maintenance().verify().problems()).isEmpty();
        }
    }

    // ---------------------------------------------------------------- item 6: lies replaced, duplicates refused

    @Test
    void lyingSizesAndAGarbageSignatureAreReplacedByWhatTheContentSays() throws IOException {
        byte[] onnx = TestStores.resource("models/multi_io.onnx");
        Path archive = rewrite(export(onnx, "model.onnx"), m -> {
            ObjectNode a = (ObjectNode) m.with("version").with("artifact");
            a.put("size", -5).put("fileCount", 7);
            ((ObjectNode) m.with("version")).putObject("signature").putArray("inputs").addObject()
                    .put("name", "evil").putObject("type").put("kind", "tensor").put("elementType", "string");
        }, Map.of());
        try (Registry dst = Registry.inMemory()) {
            ModelVersion v = dst.maintenance().importVersion(archive, "ci");
            assertThat(v.artifact().size()).isEqualTo(onnx.length);
            assertThat(v.artifact().fileCount()).isEqualTo(1);
            assertThat(v.signature().inputs()).extracting(i -> i.name()).containsExactly("num", "cat");
            assertThat(dst.maintenance().verify().problems()).isEmpty();
        }
        Path one = rewrite(export("bytes".getBytes(), null),
                m -> ((ObjectNode) m.with("version").with("artifact")).put("size", 1), Map.of());
        try (Registry dst = Registry.inMemory()) {
            assertThat(dst.maintenance().importVersion(one, "ci").artifact().size()).isEqualTo(5);
        }
    }

    @Test
    void duplicateKeysInTheManifestAreRefusedNotLastWins() throws IOException {
        Path archive = export("m".getBytes(), null);
        Path dup = dir.resolve("dup.zip");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(archive));
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(dup))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                byte[] b = in.readAllBytes();
                if (e.getName().equals("mlops-export.json")) {
                    String s = new String(b, StandardCharsets.UTF_8);
                    b = s.replaceFirst("\\{", "{\"currentDescription\":\"hidden\",").getBytes(StandardCharsets.UTF_8);
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(b);
                out.closeEntry();
            }
        }
        try (Registry dst = Registry.inMemory()) {
            assertThatThrownBy(() -> dst.maintenance().importVersion(dup, "ci")).isInstanceOf(InvalidMetadataException.class)
                    .hasMessageContaining("Duplicate field 'currentDescription'");
            assertThat(dst.findModel("m")).isEmpty();
        }
    }

    @Test
    void twoAttachmentsOfOneNameOrTwoEntriesOfOneBlobAreRefused() throws IOException {
        Path twice = rewrite(export("m2".getBytes(), null), m -> {
            ArrayNode atts = m.withArray("attachments");
            atts.add(atts.get(0).deepCopy());
        }, Map.of());
        try (Registry dst = Registry.inMemory()) {
            assertThatThrownBy(() -> dst.maintenance().importVersion(twice, "ci")).isInstanceOf(InvalidMetadataException.class)
                    .hasMessageContaining("attachment 'profile.json' is listed twice");
            assertThat(dst.findModel("m")).isEmpty();
        }
        byte[] model = "m3".getBytes();
        Path archive = export(model, null);
        Path dup = dir.resolve("dup-entries.zip");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(archive));
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(dup))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                byte[] b = in.readAllBytes();
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(b);
                out.closeEntry();
                if (e.getName().equals(blob(model))) {
                    out.putNextEntry(new ZipEntry(e.getName() + "/../" + e.getName().substring(6)));
                    out.closeEntry();
                }
            }
        }
        try (Registry dst = Registry.inMemory()) {
            assertThatThrownBy(() -> dst.maintenance().importVersion(dup, "ci")).isInstanceOf(RegistryException.class);
            assertThat(dst.findModel("m")).isEmpty();
        }
    }

    @Test
    void missingOrNullFieldsAreNamedNeverAsANullPointerException() throws IOException {
        Map<String, Consumer<ObjectNode>> edits = new LinkedHashMap<>();
        edits.put("version", m -> m.remove("version"));
        edits.put("version.model", m -> ((ObjectNode) m.get("version")).putNull("model"));
        edits.put("version.artifact", m -> ((ObjectNode) m.get("version")).remove("artifact"));
        edits.put("version.artifact.digest", m -> ((ObjectNode) m.with("version").with("artifact")).putNull("digest"));
        edits.put("attachments[].name", m -> ((ObjectNode) m.withArray("attachments").get(0)).remove("name"));
        edits.put("attachments[].digest", m -> ((ObjectNode) m.withArray("attachments").get(0)).putNull("digest"));
        for (Map.Entry<String, Consumer<ObjectNode>> e : edits.entrySet()) {
            Path archive = rewrite(export(("v " + e.getKey()).getBytes(), null), e.getValue(), Map.of());
            try (Registry dst = Registry.inMemory()) {
                assertThatThrownBy(() -> dst.maintenance().importVersion(archive, "ci")).as(e.getKey())
                        .isInstanceOf(InvalidMetadataException.class)
                        .hasMessageContaining("'" + e.getKey() + "'")
                        .hasMessageNotContaining("NullPointerException").hasMessageNotContaining("null");
                assertThat(dst.findModel("m")).isEmpty();
            }
        }
    }

    @Test
    void anHonestArchiveStillImportsWithItsAttachment() throws IOException {
        Path archive = export("honest".getBytes(), null);
        try (Registry dst = Registry.inMemory()) {
            ModelVersion v = dst.maintenance().importVersion(archive, "ci");
            try (InputStream in = dst.openAttachment("m", v.number(), "profile.json").orElseThrow()) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"p\":1}");
            }
            assertThatThrownBy(() -> dst.maintenance().importVersion(archive, "ci")).isInstanceOf(ConflictException.class);
        }
    }

    private static Map<String, byte[]> drop(String entry) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put(entry, null);
        return m;
    }
}
