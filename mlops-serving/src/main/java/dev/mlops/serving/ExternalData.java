package dev.mlops.serving;

import dev.mlops.serving.internal.OnnxExternalData;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * The rule for ONNX external data (tensors whose bytes live in a separate file): a model loaded from bytes, a stream
 * or a registry may reference external files only when the caller opted in with a directory
 * ({@link ModelOptions.Builder#externalDataDirectory}); a model loaded from a path only files inside its own directory.
 * In both cases a location must be relative, must not climb out with {@code ..}, and must not lead out through a link.
 * Stateless and thread-safe.
 */
final class ExternalData {
    /** ONNX Runtime's session option naming the folder external initializers of an in-memory model are read from. */
    static final String FOLDER_CONFIG_KEY = "session.model_external_initializers_file_folder_path";

    private ExternalData() {
    }

    /**
     * Whether the model in {@code bytes} uses external data, after checking every reference against the rule.
     *
     * @throws ModelLoadException naming the tensor and location of the first reference the rule refuses
     */
    static boolean check(byte[] bytes, String source, Path dataDir, boolean fromFile) {
        List<OnnxExternalData.Reference> refs;
        try {
            refs = OnnxExternalData.scan(bytes);
        } catch (OnnxExternalData.MalformedException e) {
            if (e.getMessage().contains("nest deeper")) {
                throw new ModelLoadException(source, "model " + source + " is refused: its protobuf " + e.getMessage()
                        + "; no ONNX model needs that", null);
            }
            return false; // not a protobuf at all: ONNX Runtime reports it as not ONNX
        }
        if (refs.isEmpty()) {
            return false;
        }
        for (OnnxExternalData.Reference r : refs) {
            if (dataDir == null) {
                throw refused(source, r, "a model loaded from bytes, a stream or a registry may not read external "
                        + "files; load it from its file (external data beside it), or opt in with "
                        + "ModelOptions.builder().externalDataDirectory(dir)");
            }
            checkInside(source, r, dataDir, fromFile);
        }
        return true;
    }

    private static void checkInside(String source, OnnxExternalData.Reference r, Path dir, boolean fromFile) {
        String where = fromFile ? "the model's own directory " + dir : "the external data directory " + dir;
        String loc = r.location();
        if (loc.isEmpty()) {
            throw refused(source, r, "the tensor names no location");
        }
        if (loc.indexOf('\0') >= 0 || loc.startsWith("/") || loc.startsWith("\\") || loc.matches("^[A-Za-z]:.*")) {
            throw refused(source, r, "external data must be a relative path inside " + where);
        }
        Path rel;
        try {
            rel = Path.of(loc);
        } catch (InvalidPathException e) {
            throw refused(source, r, "the location is not a valid path");
        }
        for (Path part : rel) {
            if (part.toString().equals("..")) {
                throw refused(source, r, "'..' may not appear in an external data location; files must be inside "
                        + where);
            }
        }
        Path resolved = dir.resolve(rel).normalize();
        if (rel.isAbsolute() || !resolved.startsWith(dir)) {
            throw refused(source, r, "external data must be inside " + where);
        }
        try {
            Path realDir = dir.toRealPath();
            Path real = resolved.toRealPath();
            if (!real.startsWith(realDir)) {
                throw refused(source, r, "the location leads out of " + where + " through a link (to " + real + ")");
            }
            if (!Files.isRegularFile(real)) {
                throw refused(source, r, "the location is not a regular file");
            }
        } catch (IOException e) {
            throw refused(source, r, "the file does not exist inside " + where);
        }
    }

    private static ModelLoadException refused(String source, OnnxExternalData.Reference r, String why) {
        return new ModelLoadException(source, "model " + source + " is refused: initializer '" + r.tensor()
                + "' references external data at location '" + r.location() + "'; " + why, null);
    }
}
