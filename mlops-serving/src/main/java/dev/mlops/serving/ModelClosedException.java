package dev.mlops.serving;

/** A prediction was attempted on a model that has been closed. */
public class ModelClosedException extends ServingException {
    private static final long serialVersionUID = 1L;
    private final String modelName;
    private final String endpoint;
    private final String variant;

    /** An exception for the model named {@code modelName}. */
    public ModelClosedException(String modelName) {
        super("model '" + modelName + "' is closed; load it again or predict through an endpoint, which swaps models safely");
        this.modelName = modelName;
        this.endpoint = null;
        this.variant = null;
    }

    /** The model of {@code variant} of {@code endpoint} was closed by the application while the endpoint served it. */
    public ModelClosedException(String endpoint, String variant, String modelName) {
        super("variant '" + variant + "' of endpoint '" + endpoint + "' serves model '" + modelName
                + "', which was closed outside the endpoint (the endpoint owns its models: do not close them); "
                + "put a new model with putVariant(\"" + variant + "\", ...) or remove the variant");
        this.modelName = modelName;
        this.endpoint = endpoint;
        this.variant = variant;
    }

    /** The endpoint whose variant's model was closed, if the prediction went through one. */
    public java.util.Optional<String> endpoint() {
        return java.util.Optional.ofNullable(endpoint);
    }

    /** The variant whose model was closed, if the prediction went through an endpoint. */
    public java.util.Optional<String> variant() {
        return java.util.Optional.ofNullable(variant);
    }

    /** The closed model. */
    public String modelName() {
        return modelName;
    }
}
