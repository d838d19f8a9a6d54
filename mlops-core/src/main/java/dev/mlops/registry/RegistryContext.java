package dev.mlops.registry;

import dev.mlops.registry.spi.BlobStore;
import dev.mlops.registry.spi.Page;
import dev.mlops.registry.spi.RecordStore;
import dev.mlops.registry.spi.Store;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What the registry's components share: the store (records and blobs), the clock, the garbage-collection settings,
 * the cache of parsed immutable records, and the facade they serve. One per {@link Registry}. Thread-safe.
 */
final class RegistryContext {
    private static final int CACHE_LIMIT = 200_000;

    final Store store;
    final RecordStore records;
    final BlobStore blobs;
    final Clock clock;
    final Duration gcGracePeriod;
    final Duration archiveRetention;
    /** The facade, for components that use its public operations (e.g. import registers a version). */
    final Registry registry;
    /** Immutable records (versions, alias history entries) parsed once; bounded by clearing when large. */
    private final ConcurrentHashMap<String, Object> immutableCache = new ConcurrentHashMap<>();

    RegistryContext(Store store, Clock clock, Duration gcGracePeriod, Duration archiveRetention, Registry registry) {
        this.store = store;
        this.records = store.records();
        this.blobs = store.blobs();
        this.clock = clock;
        this.gcGracePeriod = gcGracePeriod;
        this.archiveRetention = archiveRetention;
        this.registry = registry;
    }

    /** Where the store is, for messages (credentials removed). */
    String description() {
        return store.description();
    }

    /** Every key of {@code collection} starting with {@code prefix}. */
    List<String> listAll(String collection, String prefix) {
        return allPages(t -> records.list(collection, prefix, t, 10_000));
    }

    /** Every item of a paged listing: {@code page} gives the page after a token (null: the first). */
    static <T> List<T> allPages(Function<String, Page<T>> page) {
        List<T> out = new ArrayList<>();
        String token = null;
        do {
            Page<T> p = page.apply(token);
            out.addAll(p.items());
            token = p.nextPageToken();
        } while (token != null);
        return out;
    }

    /** A parsed immutable record, or null. */
    Object cached(String key) {
        return immutableCache.get(key);
    }

    /** Remembers a parsed immutable record. */
    void cache(String key, Object value) {
        if (immutableCache.size() > CACHE_LIMIT) {
            immutableCache.clear();
        }
        immutableCache.put(key, value);
    }
}
