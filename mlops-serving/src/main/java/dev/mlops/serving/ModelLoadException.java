package dev.mlops.serving;

/** A model could not be loaded: the file is missing, is not ONNX, is truncated, or ONNX Runtime rejected it. */
public class ModelLoadException extends ServingException {
    private static final long serialVersionUID = 1L;
    private final String source;

    /** An exception for the model read from {@code source} (a path, "bytes" or a registry coordinate). */
    public ModelLoadException(String source, String message, Throwable cause) {
        super(message, cause);
        this.source = source;
    }

    /** Where the model was read from. */
    public String source() {
        return source;
    }
}
