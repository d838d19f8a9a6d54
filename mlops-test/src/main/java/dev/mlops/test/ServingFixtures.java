package dev.mlops.test;

import dev.mlops.serving.LoadedModel;
import dev.mlops.serving.Models;
import dev.mlops.serving.endpoint.Endpoint;

/** The serving fixtures of {@link MlopsExtension}; loaded only when a test asks for one. Stateless. */
final class ServingFixtures {
    private ServingFixtures() {
    }

    static Class<?>[] types() {
        return new Class<?>[]{Endpoint.class, LoadedModel.class};
    }

    /** The model (or an endpoint over it) for {@code a}, from {@code bytes}; the caller closes it. */
    static AutoCloseable create(ModelEndpoint a, Class<?> type, byte[] bytes) {
        String name = a.model().isEmpty() ? a.resource().substring(a.resource().lastIndexOf('/') + 1) : a.model();
        LoadedModel model = Models.builder().name(name).load(bytes);
        if (type == LoadedModel.class) {
            return model;
        }
        return Endpoint.builder(a.name()).variant(a.variant(), model).build();
    }
}
