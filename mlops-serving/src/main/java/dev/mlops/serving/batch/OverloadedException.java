package dev.mlops.serving.batch;

import dev.mlops.serving.ServingException;

/** A batching queue was full: the request was refused at once, never queued. Retry later or shed load. */
public class OverloadedException extends ServingException {
    private static final long serialVersionUID = 1L;
    private final String model;
    private final int queueCapacity;

    /** An exception for {@code model} with its queue capacity. */
    public OverloadedException(String model, int queueCapacity) {
        super("model '" + model + "' is overloaded: its batching queue holds " + queueCapacity
                + " requests already; retry later, add capacity, or raise BatchingOptions.queueCapacity");
        this.model = model;
        this.queueCapacity = queueCapacity;
    }

    /** The model. */
    public String model() {
        return model;
    }

    /** The queue capacity. */
    public int queueCapacity() {
        return queueCapacity;
    }
}
