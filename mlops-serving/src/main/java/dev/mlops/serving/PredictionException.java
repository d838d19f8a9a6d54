package dev.mlops.serving;

/** ONNX Runtime failed while running a model on inputs that passed validation. */
public class PredictionException extends ServingException {
    private static final long serialVersionUID = 1L;
    private final String modelName;

    /** An exception for the model named {@code modelName}. */
    public PredictionException(String modelName, String message, Throwable cause) {
        super(message, cause);
        this.modelName = modelName;
    }

    /** The model that failed. */
    public String modelName() {
        return modelName;
    }
}
