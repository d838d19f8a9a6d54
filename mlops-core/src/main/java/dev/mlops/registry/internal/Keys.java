package dev.mlops.registry.internal;

/** Record collections and key layout of the registry (see {@code Registry}'s javadoc). Stateless. */
public final class Keys {
    public static final String MODELS = "models";
    public static final String VERSIONS = "versions";
    public static final String VERSION_HINTS = "version-hints";
    public static final String VERSION_META = "version-meta";
    public static final String ALIASES = "aliases";
    public static final String ALIAS_HISTORY = "alias-history";
    public static final String ATTACHMENTS = "attachments";
    public static final String DATASETS = "datasets";
    public static final String DATASET_VERSIONS = "dataset-versions";
    public static final String DATASET_HINTS = "dataset-hints";
    public static final String DATASET_META = "dataset-meta";
    public static final String RUNS = "runs";
    public static final String RUN_METRICS = "run-metrics";
    public static final String RUN_MODELS = "run-models";
    public static final String IMPORTS = "imports";
    /**
     * Index of data set lineage, input → derived version: key {@code <input>/<n>/<derived>/<m>}. Written before the
     * derived version's record, so a link may name a version that was never committed or that another writer
     * committed; readers keep a link only when the derived version's own lineage names the input.
     */
    public static final String DATASET_DERIVATIONS = "dataset-derivations";
    /** Index of model version → data set versions it produced: key {@code <model>/<v>/<dataset>/<m>}; as above. */
    public static final String MODEL_OUTPUTS = "model-outputs";
    /** Prefix of extension collections so they never clash with the registry's own. */
    public static final String EXTENSION_PREFIX = "x-";

    private Keys() {
    }

    /** A number padded to 10 digits so that keys sort numerically. */
    public static String number(long n) {
        String s = Long.toString(n);
        return "0".repeat(Math.max(0, 10 - s.length())) + s;
    }

    public static String version(String model, int version) {
        return model + "/" + number(version);
    }

    /** {@code from/<n>/to/<m>}: a link of the lineage indexes. */
    public static String link(String from, int fromNumber, String to, int toNumber) {
        return from + "/" + number(fromNumber) + "/" + to + "/" + number(toNumber);
    }

    public static String alias(String model, String alias) {
        return model + "/" + alias;
    }

    public static String aliasEntry(String model, String alias, long seq) {
        return model + "/" + alias + "/" + number(seq);
    }

    /** The number at the end of a key like {@code fraud/0000000003}. */
    public static int trailingNumber(String key) {
        return Integer.parseInt(key.substring(key.lastIndexOf('/') + 1));
    }
}
