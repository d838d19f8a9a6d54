/**
 * The registry's storage SPI: content-addressed blobs ({@link dev.mlops.registry.spi.BlobStore}) and small
 * revisioned records ({@link dev.mlops.registry.spi.RecordStore}), found by URI scheme through
 * {@link java.util.ServiceLoader} ({@link dev.mlops.registry.spi.StoreProvider}, {@link dev.mlops.registry.spi.Stores}).
 *
 * <p>The SPI is small and dumb on purpose: every guarantee the registry gives (version numbers that never repeat,
 * aliases that never tear) is built in {@code mlops-core} from exactly two write primitives,
 * {@link dev.mlops.registry.spi.RecordStore#createIfAbsent create-if-absent} and
 * {@link dev.mlops.registry.spi.RecordStore#compareAndSet compare-and-set on a revision}. A backend that implements
 * those two correctly is correct. The compatibility kit ({@code mlops-registry-spi-tck}) checks every promise made here.
 *
 * <p>Names: collection names and record keys are validated by {@link dev.mlops.registry.spi.Names} before anything
 * touches storage; every store must call it (the kit checks that hostile names are refused).
 */
package dev.mlops.registry.spi;
