package dev.mlops.serving;

import dev.mlops.registry.Registry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A model may not read arbitrary files through ONNX external data (issue 20, item 1): each test builds its own hostile
 * model whose initializer {@code w} points at a "secret" file, and an output {@code y = Identity(w)} that would hand
 * the file's bytes to whoever predicts.
 */
class ExternalDataTest {
    private static final byte[] SECRET = "s3cr3t-t0ken-0123".getBytes(StandardCharsets.US_ASCII); // 17 bytes

    /** {@code y = w} (uint8 [17], external at {@code location}), {@code z = x}. */
    private static byte[] hostile(String location) {
        return new OnnxModelWriter()
                .input("x", OnnxModelWriter.FLOAT, 1L)
                .output("y", OnnxModelWriter.UINT8, (long) SECRET.length)
                .output("z", OnnxModelWriter.FLOAT, 1L)
                .externalInitializer("w", OnnxModelWriter.UINT8, location, SECRET.length, SECRET.length)
                .node("Identity", List.of("w"), List.of("y"))
                .node("Identity", List.of("x"), List.of("z"))
                .toBytes();
    }

    private static Path secretIn(Path dir) throws IOException {
        Files.createDirectories(dir);
        return Files.write(dir.resolve("secret.bin"), SECRET);
    }

    @Test
    void aModelFromBytesThatReferencesAnyExternalFileIsRefusedNamingTheInitializerAndLocation(@TempDir Path tmp)
            throws IOException {
        Path secret = secretIn(tmp.resolve("private"));
        for (String location : List.of("secret.bin", secret.toString(), "../private/secret.bin")) {
            assertThatThrownBy(() -> Models.load(hostile(location)))
                    .isInstanceOf(ModelLoadException.class)
                    .hasMessageContaining("initializer 'w' references external data at location '" + location + "'")
                    .hasMessageContaining("may not read external files");
            assertThatThrownBy(() -> Models.load(new ByteArrayInputStream(hostile(location)), "upload",
                    ModelOptions.defaults())).isInstanceOf(ModelLoadException.class)
                    .hasMessageContaining("initializer 'w'");
        }
    }

    @Test
    void aRegisteredModelThatReferencesAnExternalFileIsRefused(@TempDir Path tmp) throws IOException {
        Path secret = secretIn(tmp);
        try (Registry r = Registry.inMemory()) {
            r.register("exfil").bytes(hostile(secret.toString())).fileName("model.onnx").commit();
            assertThatThrownBy(() -> Models.load(r, "exfil", 1)).isInstanceOf(ModelLoadException.class)
                    .hasMessageContaining("initializer 'w' references external data at location '" + secret + "'");
        }
    }

    @Test
    void aModelFromAPathMayReadOnlyFilesInsideItsOwnDirectory(@TempDir Path tmp) throws IOException {
        Path secret = secretIn(tmp.resolve("private"));
        Path dir = Files.createDirectories(tmp.resolve("models"));
        Files.createSymbolicLink(dir.resolve("link.bin"), secret);
        for (String[] c : new String[][]{
                {secret.toString(), "must be a relative path"},
                {"../private/secret.bin", "'..' may not appear"},
                {"sub/../../private/secret.bin", "'..' may not appear"},
                {"link.bin", "leads out of the model's own directory"},
                {"missing.bin", "does not exist"}}) {
            Path model = Files.write(dir.resolve("m.onnx"), hostile(c[0]));
            assertThatThrownBy(() -> Models.load(model)).as(c[0]).isInstanceOf(ModelLoadException.class)
                    .hasMessageContaining("initializer 'w' references external data at location '" + c[0] + "'")
                    .hasMessageContaining(c[1]);
        }
    }

    @Test
    void externalDataBesideTheModelFileStillLoads(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("model");
        secretIn(dir); // here it is the model's own weights file
        Path model = Files.write(dir.resolve("m.onnx"), hostile("secret.bin"));
        try (LoadedModel m = Models.load(model)) {
            Outputs out = m.predict(Inputs.of(Tensor.ofFloats(new float[]{1}, 1)));
            assertThat(out.tensor("y").shape()).containsExactly(SECRET.length);
            assertThat(out.tensor("y").getDouble(0)).isEqualTo('s');
        }
    }

    @Test
    void aCallerMayOptInWithADirectoryForModelsFromBytesButNotBeyondIt(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("weights");
        secretIn(dir);
        ModelOptions optIn = ModelOptions.builder().externalDataDirectory(dir).build();
        try (LoadedModel m = Models.load(hostile("secret.bin"), optIn)) {
            assertThat(m.predict(Inputs.of(Tensor.ofFloats(new float[]{1}, 1))).tensor("y").getDouble(16))
                    .isEqualTo('3');
        }
        assertThatThrownBy(() -> Models.load(hostile("../weights/secret.bin"), optIn))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("'..' may not appear");
    }

    @Test
    void protobufNestedBeyondAnyModelsDepthIsRefusedWithoutAStackOverflow() {
        // 10 000 nested graph attributes: NodeProto.attribute(5) -> AttributeProto.g(6) -> GraphProto.node(1) -> ...
        byte[] inner = new byte[0];
        for (int i = 0; i < 10_000; i++) {
            inner = field(1, field(5, field(6, inner))); // graph{node{attribute{g{...}}}}
        }
        byte[] model = field(7, inner);
        assertThatThrownBy(() -> Models.load(model)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("nest deeper than 64 levels");
    }

    private static byte[] field(int number, byte[] body) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        varint(out, ((long) number << 3) | 2);
        varint(out, body.length);
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static void varint(java.io.ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
