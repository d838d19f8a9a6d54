package dev.mlops.monitoring;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.monitoring.internal.NumericAccumulator;
import dev.mlops.monitoring.stats.Binning;
import dev.mlops.monitoring.stats.CategoricalComparison;
import dev.mlops.monitoring.stats.QuantileSketch;
import dev.mlops.monitoring.stats.WeightedSample;
import dev.mlops.monitoring.stats.Wasserstein;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the training (reference) data looked like, per feature: for numeric features the bin edges (default: the
 * reference deciles, see {@link Binning}) and bin counts, a quantile summary, the values themselves (exact up to
 * {@code exactLimit}, else a {@link QuantileSketch}'s weighted items with its error bound), the population standard
 * deviation; for categorical features the category frequencies; for every feature the missing count. Features are
 * inputs or outputs (predictions), so one profile covers input and output drift.
 *
 * <p>JSON: {@link #toJson()} / {@link #fromJson(String)}; the document carries {@code "format": "mlops-reference-profile"}
 * and {@code "format_version": 1}; readers accept every version up to {@link #FORMAT_VERSION} and reject newer ones
 * with a message. Store it beside its model version with the registry's attachment API ({@link #toJsonBytes()}).
 *
 * <p>Immutable and thread-safe.
 */
public final class ReferenceProfile {
    /** The JSON format's name. */
    public static final String FORMAT = "mlops-reference-profile";
    /** The JSON format version this code writes (and the newest it reads). */
    public static final int FORMAT_VERSION = 1;
    /** Default number of categories a profile keeps per categorical feature. */
    public static final int DEFAULT_MAX_CATEGORIES = 1_000;
    /** Default exact-value limit per feature. */
    public static final int DEFAULT_EXACT_LIMIT = 100_000;

    private final long rowCount;
    private final List<FeatureProfile> features;
    private final Map<String, FeatureProfile> byName;
    /** Numeric features' samples prepared for window comparisons, made on first use (immutable once set). */
    private final dev.mlops.monitoring.internal.ReferenceCdf[] cdfs;

    private ReferenceProfile(long rowCount, List<FeatureProfile> features) {
        this.rowCount = rowCount;
        this.features = List.copyOf(features);
        this.cdfs = new dev.mlops.monitoring.internal.ReferenceCdf[features.size()];
        Map<String, FeatureProfile> m = new LinkedHashMap<>();
        for (FeatureProfile f : features) {
            m.put(f.name(), f);
        }
        this.byName = m;
    }

    /**
     * One feature of the profile (a JSON document part). Immutable in practice and thread-safe: the arrays it
     * returns are shared, do not modify them.
     *
     * @param name              feature name
     * @param kind              numeric or categorical
     * @param role              input or output
     * @param count             non-missing values
     * @param missing           missing values (NaN / null)
     * @param edges             PSI bin edges (numeric; empty for categorical)
     * @param binCounts         reference counts per bin (numeric)
     * @param quantiles         p0, p1, p5, p25, p50, p75, p95, p99, p100 from the sample (numeric)
     * @param std               population standard deviation of the finite values (numeric; null when empty)
     * @param sampleValues      sorted values (exact) or the sketch's retained items (numeric)
     * @param sampleWeights     weights of {@code sampleValues}; null when every weight is 1 (exact)
     * @param sampleRankError   the sample's CDF error bound as a fraction (0 when exact)
     * @param categories        category frequencies (categorical), sorted by category: the most frequent ones, at
     *                          most the builder's {@code maxCategories}
     * @param otherCount        reference values of the categories beyond {@code maxCategories} (categorical; 0 when
     *                          every category was kept)
     */
    @JsonPropertyOrder({"name", "kind", "role", "count", "missing", "edges", "bin_counts", "quantiles", "std",
            "sample_rank_error", "categories", "other_count", "sample_values", "sample_weights"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FeatureProfile(
            @JsonProperty("name") String name,
            @JsonProperty("kind") FeatureKind kind,
            @JsonProperty("role") FeatureRole role,
            @JsonProperty("count") long count,
            @JsonProperty("missing") long missing,
            @JsonProperty("edges") double[] edges,
            @JsonProperty("bin_counts") long[] binCounts,
            @JsonProperty("quantiles") Map<String, Double> quantiles,
            @JsonProperty("std") Double std,
            @JsonProperty("sample_values") double[] sampleValues,
            @JsonProperty("sample_weights") long[] sampleWeights,
            @JsonProperty("sample_rank_error") double sampleRankError,
            @JsonProperty("categories") Map<String, Long> categories,
            @JsonProperty("other_count") @JsonInclude(JsonInclude.Include.NON_DEFAULT) long otherCount) {

        /** Validates and normalises. */
        public FeatureProfile {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
            role = role == null ? FeatureRole.INPUT : role;
            edges = edges == null ? new double[0] : edges;
            binCounts = binCounts == null ? new long[0] : binCounts;
            sampleValues = sampleValues == null ? new double[0] : sampleValues;
            categories = categories == null ? Map.of() : new TreeMap<>(categories);
            quantiles = quantiles == null ? Map.of() : new LinkedHashMap<>(quantiles);
        }

        /** The PSI binning of this (numeric) feature. */
        public Binning binning() {
            return Binning.ofEdges(edges);
        }

        /** The reference values as a weighted sample (numeric). */
        public WeightedSample sample() {
            long[] w = sampleWeights;
            if (w == null) {
                w = new long[sampleValues.length];
                java.util.Arrays.fill(w, 1L);
            }
            return WeightedSample.of(sampleValues, w, sampleRankError);
        }
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A profile of every column of {@code table}: numeric when every non-missing cell parses as a number and the
     * column is not named in {@code categorical}, else categorical; columns named in {@code outputs} get the output
     * role.
     */
    public static ReferenceProfile fromTable(Table table, Collection<String> categorical, Collection<String> outputs) {
        Builder b = builder();
        for (String c : table.columns()) {
            FeatureRole role = outputs.contains(c) ? FeatureRole.OUTPUT : FeatureRole.INPUT;
            double[] num = categorical.contains(c) ? null : table.numbers(c);
            if (num != null) {
                b.numeric(c, role, num, null);
            } else {
                b.categorical(c, role, table.text(c));
            }
        }
        return b.build();
    }

    /** The prepared sample of numeric feature {@code i} (benign race: any thread may make it, all make the same). */
    dev.mlops.monitoring.internal.ReferenceCdf cdf(int i) {
        dev.mlops.monitoring.internal.ReferenceCdf c = cdfs[i];
        if (c == null) {
            c = new dev.mlops.monitoring.internal.ReferenceCdf(features.get(i).sample());
            cdfs[i] = c;
        }
        return c;
    }

    /** Rows profiled. */
    public long rowCount() {
        return rowCount;
    }

    /** The features, in the order they were added. */
    public List<FeatureProfile> features() {
        return features;
    }

    /** Feature names in order. */
    public List<String> featureNames() {
        return List.copyOf(byName.keySet());
    }

    /**
     * A feature by name.
     *
     * @throws IllegalArgumentException if there is none
     */
    public FeatureProfile feature(String name) {
        FeatureProfile f = byName.get(name);
        if (f == null) {
            throw new IllegalArgumentException("no feature '" + name + "' in the profile; features are "
                    + byName.keySet());
        }
        return f;
    }

    /** This profile as a JSON document. */
    public String toJson() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", FORMAT);
        doc.put("format_version", FORMAT_VERSION);
        doc.put("row_count", rowCount);
        doc.put("features", features);
        return Json.write(doc);
    }

    /** {@link #toJson()} as UTF-8 bytes (for a registry attachment). */
    public byte[] toJsonBytes() {
        return toJson().getBytes(StandardCharsets.UTF_8);
    }

    /** The attachment name under which {@link #attachTo} stores a profile beside its model version. */
    public static final String ATTACHMENT_NAME = "reference-profile.json";

    /**
     * Stores this profile beside the model version it belongs to, as the registry attachment
     * {@value #ATTACHMENT_NAME} (replacing an earlier one; the registry keeps the replaced digest in its history).
     */
    public dev.mlops.registry.AttachmentInfo attachTo(dev.mlops.registry.Registry registry, String model, int version) {
        return registry.attach(model, version, ATTACHMENT_NAME, toJsonBytes());
    }

    /**
     * The profile stored beside a model version with {@link #attachTo}, or empty when it has none.
     *
     * @throws dev.mlops.registry.spi.RegistryException if the version does not exist or the store fails
     * @throws DataFormatException                  if the attachment is not a readable profile
     */
    public static java.util.Optional<ReferenceProfile> fromRegistry(dev.mlops.registry.Registry registry, String model,
                                                                    int version) {
        java.util.Optional<java.io.InputStream> in = registry.openAttachment(model, version, ATTACHMENT_NAME);
        if (in.isEmpty()) {
            return java.util.Optional.empty();
        }
        try (java.io.InputStream s = in.get()) {
            return java.util.Optional.of(fromJson(s.readAllBytes()));
        } catch (java.io.IOException e) {
            throw new DataFormatException(model + " v" + version + " " + ATTACHMENT_NAME, 0,
                    "cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads UTF-8 JSON bytes. */
    public static ReferenceProfile fromJson(byte[] json) {
        return fromJson(new String(json, StandardCharsets.UTF_8));
    }

    /**
     * Reads a profile document.
     *
     * @throws DataFormatException if it is not a profile, its version is newer than this code reads, or it is malformed
     */
    public static ReferenceProfile fromJson(String json) {
        try {
            JsonNode root = Json.MAPPER.readTree(json);
            if (root == null || !FORMAT.equals(root.path("format").asText())) {
                throw new DataFormatException("profile", 0, "expected \"format\": \"" + FORMAT + "\", found "
                        + (root == null ? "nothing" : root.path("format")));
            }
            int v = root.path("format_version").asInt(-1);
            if (v < 1 || v > FORMAT_VERSION) {
                throw new DataFormatException("profile", 0, "unsupported format_version " + root.path("format_version")
                        + "; this version of mlops reads 1 to " + FORMAT_VERSION + " (upgrade mlops to read newer ones)");
            }
            List<FeatureProfile> fs = new ArrayList<>();
            for (JsonNode f : root.path("features")) {
                fs.add(Json.MAPPER.treeToValue(f, FeatureProfile.class));
            }
            return new ReferenceProfile(root.path("row_count").asLong(), fs);
        } catch (JsonProcessingException e) {
            throw new DataFormatException("profile", 0, "malformed JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "ReferenceProfile[rows=" + rowCount + ", features=" + byName.keySet() + "]";
    }

    /** Builds a profile. Not thread-safe. */
    public static final class Builder {
        private final Map<String, FeatureProfile> features = new LinkedHashMap<>();
        private int bins = Binning.DEFAULT_BINS;
        private int exactLimit = DEFAULT_EXACT_LIMIT;
        private int sketchK = QuantileSketch.DEFAULT_K;
        private long rows = -1;
        private int maxCategories = DEFAULT_MAX_CATEGORIES;
        private final List<Runnable> pending = new ArrayList<>();

        private Builder() {
        }

        /** Bins for features added without fixed edges (default 10). */
        public Builder bins(int bins) {
            if (bins < 1) {
                throw new IllegalArgumentException("bins must be >= 1, found " + bins);
            }
            this.bins = bins;
            return this;
        }

        /** Values kept exactly per feature before switching to the sketch (default 100 000). */
        public Builder exactLimit(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("exactLimit must be >= 1, found " + limit);
            }
            this.exactLimit = limit;
            return this;
        }

        /**
         * Categories kept per categorical feature (default {@value ReferenceProfile#DEFAULT_MAX_CATEGORIES}): the most
         * frequent ones; the values of the others are counted in one "other" bucket, so a profile stays small
         * whatever the number of distinct values.
         */
        public Builder maxCategories(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxCategories must be >= 1, found " + max);
            }
            this.maxCategories = max;
            return this;
        }

        /** The sketch's level capacity (default {@link QuantileSketch#DEFAULT_K}). */
        public Builder sketchK(int k) {
            new QuantileSketch(k);
            this.sketchK = k;
            return this;
        }

        /** A numeric input feature with the default binning. */
        public Builder numeric(String name, double[] values) {
            return numeric(name, FeatureRole.INPUT, values, null);
        }

        /** A numeric output (prediction) feature with the default binning. */
        public Builder output(String name, double[] values) {
            return numeric(name, FeatureRole.OUTPUT, values, null);
        }

        /** A categorical input feature ({@code null} = missing). */
        public Builder categorical(String name, String[] values) {
            return categorical(name, FeatureRole.INPUT, values);
        }

        /**
         * A numeric feature; {@code binning} null for the reference quantiles with {@link #bins(int)} bins (computed
         * at {@link #build()}).
         */
        public Builder numeric(String name, FeatureRole role, double[] values, Binning binning) {
            checkName(name);
            rows(values.length, name);
            double[] copy = values.clone();
            features.put(name, null);
            pending.add(() -> features.put(name, numericProfile(name, role, copy,
                    binning != null ? binning : Binning.quantiles(copy, bins))));
            return this;
        }

        /** A categorical feature. */
        public Builder categorical(String name, FeatureRole role, String[] values) {
            checkName(name);
            rows(values.length, name);
            long missing = 0;
            for (String v : values) {
                if (v == null) {
                    missing++;
                }
            }
            Map<String, Long> freq = CategoricalComparison.frequencies(values);
            long count = values.length - missing;
            Map<String, Long> kept = freq;
            long other = 0;
            if (freq.size() > maxCategories) {
                // keep the most frequent categories (ties: by name), count the rest as one bucket
                List<Map.Entry<String, Long>> es = new ArrayList<>(freq.entrySet());
                es.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
                kept = new LinkedHashMap<>();
                for (int i = 0; i < es.size(); i++) {
                    if (i < maxCategories) {
                        kept.put(es.get(i).getKey(), es.get(i).getValue());
                    } else {
                        other += es.get(i).getValue();
                    }
                }
            }
            features.put(name, new FeatureProfile(name, FeatureKind.CATEGORICAL, role, count, missing, null, null,
                    null, null, null, null, 0, kept, other));
            return this;
        }

        private void checkName(String name) {
            Objects.requireNonNull(name, "name");
            if (features.containsKey(name)) {
                throw new IllegalArgumentException("feature '" + name + "' added twice");
            }
        }

        private void rows(int n, String name) {
            if (rows >= 0 && rows != n) {
                throw new IllegalArgumentException("feature '" + name + "' has " + n + " values, other features have "
                        + rows + "; every feature needs one value per row");
            }
            rows = n;
        }

        private FeatureProfile numericProfile(String name, FeatureRole role, double[] v, Binning binning) {
            NumericAccumulator acc = new NumericAccumulator(binning, exactLimit, sketchK);
            acc.add(v, 0, v.length);
            WeightedSample s = acc.sample();
            WeightedSample finite = s.finite();
            double std = Wasserstein.populationStd(finite);
            Map<String, Double> q = new LinkedHashMap<>();
            double[] sv = s.values();
            long[] sw = s.weights();
            for (double p : new double[]{0, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 1}) {
                q.put("p" + (p * 100 == Math.rint(p * 100) ? String.valueOf((int) (p * 100)) : String.valueOf(p * 100)),
                        weightedQuantile(sv, sw, s.totalWeight(), p));
            }
            boolean exact = s.isExact();
            return new FeatureProfile(name, FeatureKind.NUMERIC, role, acc.count(), acc.missing(), binning.edges(),
                    acc.bins(), q, Double.isNaN(std) ? null : std, sv, exact ? null : sw,
                    s.rankErrorBound(), null, 0);
        }

        private static Double weightedQuantile(double[] v, long[] w, long total, double p) {
            if (v.length == 0) {
                return null;
            }
            if (total == v.length) { // exact: Hyndman-Fan type 7, as numpy.quantile
                double h = (v.length - 1) * p;
                int lo = (int) Math.floor(h);
                int hi = Math.min(lo + 1, v.length - 1);
                return lo == hi || v[lo] == v[hi] ? v[lo] : v[lo] + (h - lo) * (v[hi] - v[lo]);
            }
            double target = p * total; // sketched: nearest rank
            long cum = 0;
            for (int i = 0; i < v.length; i++) {
                cum += w[i];
                if (cum >= target) {
                    return v[i];
                }
            }
            return v[v.length - 1];
        }

        /**
         * Builds the profile.
         *
         * @throws IllegalStateException if no feature was added
         */
        public ReferenceProfile build() {
            if (features.isEmpty()) {
                throw new IllegalStateException("a profile needs at least one feature");
            }
            pending.forEach(Runnable::run);
            pending.clear();
            return new ReferenceProfile(Math.max(rows, 0), new ArrayList<>(features.values()));
        }
    }

}
