/**
 * The stores that ship with core: {@link dev.mlops.registry.store.InMemoryStore} ({@code mem:}) and
 * {@link dev.mlops.registry.store.FileStore} ({@code file:}, the embedded default). Both are found by
 * {@link dev.mlops.registry.spi.Stores} through {@link java.util.ServiceLoader} and can be created by hand.
 */
package dev.mlops.registry.store;
