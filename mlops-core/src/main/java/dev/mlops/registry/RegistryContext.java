package dev.mlops.registry;

import dev.mlops.registry.internal.Content;
import dev.mlops.registry.spi.BlobStore;
import dev.mlops.registry.spi.Page;
import dev.mlops.registry.spi.RecordStore;
import dev.mlops.registry.spi.Store;

import java.nio.file.Path;
import java.util.Optional;
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
    /** The components, set once by the facade's constructor. */
    final RegistryEvents events = new RegistryEvents();
    /** Who may move which alias. */
    AliasPolicy aliasPolicy = AliasPolicy.allowAll();
    ModelCatalog models;
    VersionLog versions;
    AliasLog aliases;
    Attachments attachments;
    Comparisons comparisons;
    DatasetCatalog datasets;
    RunTracker runs;
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

    /** The files of an artifact (one entry for a single file). */
    List<ArtifactFile> filesOf(Artifact a) {
        if (a.kind() == Artifact.Kind.DIRECTORY) {
            return Content.readManifest(blobs, a.digest());
        }
        return List.of(new ArtifactFile(a.fileName().orElse("artifact"), a.digest(), a.size()));
    }

    /**
     * Closes the window in which a concurrent gc deleted a blob between its last-used check and our re-put of
     * identical content: after the commit, every blob of the artifact must exist; a missing one is put again.
     */
    void afterCommit(Artifact artifact, Path directory, Path file) {
        if (artifact.kind() == Artifact.Kind.FILE) {
            if (!blobs.exists(artifact.digest()) && file != null) {
                Content.putFile(blobs, file);
            }
            return;
        }
        if (directory == null) {
            return;
        }
        boolean missing = !blobs.exists(artifact.digest());
        if (!missing) {
            for (ArtifactFile f : filesOf(artifact)) {
                if (!blobs.exists(f.digest())) {
                    missing = true;
                    break;
                }
            }
        }
        if (missing) {
            Content.putTree(blobs, directory);
        }
    }

    /**
     * For listings: reads one record, or skips it with a logged warning when it is damaged, so one bad record does
     * not hide all the others. A caller that asks for that record by name still gets a clear error; verify() lists
     * every damaged record. A store that cannot be reached still fails the listing.
     */
    static <T> Optional<T> skipUnreadable(String what, java.util.function.Supplier<T> read) {
        try {
            return Optional.ofNullable(read.get());
        } catch (dev.mlops.registry.spi.StoreUnavailableException e) {
            throw e;
        } catch (dev.mlops.registry.spi.RegistryException | IllegalArgumentException | NullPointerException e) {
            org.slf4j.LoggerFactory.getLogger(Registry.class).warn("Skipping the unreadable record {} in a listing; run verify() for every damaged record: {}",
                    what, e.getMessage());
            return Optional.empty();
        }
    }
}
