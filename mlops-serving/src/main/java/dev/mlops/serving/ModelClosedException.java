package dev.mlops.serving;

/** A prediction was attempted on a model that has been closed. */
public class ModelClosedException extends ServingException {
    private static final long serialVersionUID = 1L;
    private final String modelName;

    /** An exception for the model named {@code modelName}. */
    public ModelClosedException(String modelName) {
        super("model '" + modelName + "' is closed; load it again or predict through an endpoint, which swaps models safely");
        this.modelName = modelName;
    }

    /** The closed model. */
    public String modelName() {
        return modelName;
    }
}
