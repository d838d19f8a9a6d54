package dev.mlops.registry.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Opens stores by URI, finding providers with {@link ServiceLoader} by scheme.
 *
 * <pre>{@code
 * Store store = Stores.open("file:./mlops-data");                       // records and blobs in one directory
 * Store split = Stores.open("jdbc:postgresql://db/mlops", "s3://bucket/models"); // records here, blobs there
 * Store dflt  = Stores.openDefault();                                    // $MLOPS_STORE, else file:./mlops-data
 * }</pre>
 * Thread-safe.
 */
public final class Stores {
    /** The environment variable that names the default store. */
    public static final String ENV_VAR = "MLOPS_STORE";
    /** The default store when {@value #ENV_VAR} is not set. */
    public static final String DEFAULT_URI = "file:./mlops-data";

    private Stores() {
    }

    /** The default store URI: {@code $MLOPS_STORE} when set and not blank, else {@value #DEFAULT_URI}. */
    public static String defaultUri() {
        String env = System.getenv(ENV_VAR);
        return env == null || env.isBlank() ? DEFAULT_URI : env.strip();
    }

    /** Opens {@link #defaultUri()}. */
    public static Store openDefault() {
        return open(defaultUri());
    }

    /** Opens records and blobs from one location. */
    public static Store open(String uri) {
        StoreUri u = StoreUri.parse(uri);
        return provider(u).open(u);
    }

    /** Opens records from one location and blobs from another. */
    public static Store open(String recordsUri, String blobsUri) {
        StoreUri r = StoreUri.parse(recordsUri);
        StoreUri b = StoreUri.parse(blobsUri);
        if (r.equals(b)) {
            return open(recordsUri);
        }
        RecordStore records = provider(r).openRecords(r);
        try {
            BlobStore blobs = provider(b).openBlobs(b);
            return Store.of(records, blobs, "records " + r.redacted() + ", blobs " + b.redacted());
        } catch (RuntimeException e) {
            records.close();
            throw e;
        }
    }

    /** The provider for {@code uri}'s scheme. */
    public static StoreProvider provider(StoreUri uri) {
        Objects.requireNonNull(uri, "uri");
        Map<String, StoreProvider> all = providers();
        StoreProvider p = all.get(uri.scheme());
        if (p == null) {
            throw new StoreUnavailableException("No store provider for scheme '" + uri.scheme() + "' in '"
                    + uri.redacted() + "'. Schemes on the class path: " + String.join(", ", all.keySet())
                    + ". " + moduleHint(uri.scheme()) + " or fix the URI.");
        }
        return p;
    }

    /** Which of our modules provides a well-known scheme, for the message when it is missing. */
    private static String moduleHint(String scheme) {
        return switch (scheme) {
            case "s3" -> "Add mlops-store-s3 to the class path (it provides 's3:' for blobs; keep records in another"
                    + " store, e.g. a jdbc: or file: one)";
            case "jdbc" -> "Add mlops-store-jdbc to the class path (it provides 'jdbc:postgresql:')";
            default -> "Add the module that provides '" + scheme + ":' to the class path";
        };
    }

    /** Every provider on the class path, by scheme, in scheme order. */
    public static Map<String, StoreProvider> providers() {
        Map<String, StoreProvider> out = new TreeMap<>();
        List<ClassLoader> loaders = new ArrayList<>();
        ClassLoader ctx = Thread.currentThread().getContextClassLoader();
        if (ctx != null) {
            loaders.add(ctx);
        }
        loaders.add(Stores.class.getClassLoader());
        for (ClassLoader cl : loaders) {
            for (StoreProvider p : ServiceLoader.load(StoreProvider.class, cl)) {
                for (String s : p.schemes()) {
                    out.putIfAbsent(s.toLowerCase(java.util.Locale.ROOT), p);
                }
            }
        }
        return out;
    }
}
