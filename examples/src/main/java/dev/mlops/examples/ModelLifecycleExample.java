package dev.mlops.examples;

import dev.mlops.registry.spi.Store;
import dev.mlops.registry.spi.Stores;

/**
 * The main example: the whole life of a model on real data. Run it with the README's first command.
 * (Grows with every capability; for now it opens the embedded default store.)
 */
public final class ModelLifecycleExample {
    private ModelLifecycleExample() {
    }

    public static void main(String[] args) {
        try (Store store = Stores.open("mem:example")) {
            System.out.println("Opened " + store.description());
        }
    }
}
