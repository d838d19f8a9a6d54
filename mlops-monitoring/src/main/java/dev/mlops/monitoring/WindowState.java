package dev.mlops.monitoring;

import dev.mlops.monitoring.internal.CategoricalAccumulator;
import dev.mlops.monitoring.internal.NumericAccumulator;

import java.util.List;
import java.util.Objects;

/**
 * The mergeable state of one window for every feature of a profile: bin counts, missing counts, values (exact or
 * sketched) and category counts. Monitors of a fleet (one per instance) produce states for the same profile; merging
 * them ({@link #merge}) and evaluating the merged state ({@link DriftMonitor#evaluate}) gives the fleet's drift as if
 * one monitor had seen every row (exactly, while the merged values fit the exact limit; else within the sketches'
 * stated bound).
 *
 * <p>Immutable and thread-safe: operations return new states.
 */
public final class WindowState {
    private final ReferenceProfile profile;
    private final Object[] accumulators; // NumericAccumulator or CategoricalAccumulator, in profile order
    private final long rows;

    WindowState(ReferenceProfile profile, Object[] accumulators, long rows) {
        this.profile = profile;
        this.accumulators = accumulators;
        this.rows = rows;
    }

    /** An empty state for {@code profile}. */
    public static WindowState empty(ReferenceProfile profile, int exactLimit, int sketchK) {
        return new WindowState(profile, newAccumulators(profile, exactLimit, sketchK), 0);
    }

    /**
     * The state of a table's rows (columns matched to profile features by name; a missing column counts as all
     * missing; extra columns are ignored).
     */
    public static WindowState of(ReferenceProfile profile, Table table, int exactLimit, int sketchK) {
        Object[] acc = newAccumulators(profile, exactLimit, sketchK);
        List<ReferenceProfile.FeatureProfile> fs = profile.features();
        for (int i = 0; i < fs.size(); i++) {
            ReferenceProfile.FeatureProfile f = fs.get(i);
            boolean present = table.has(f.name());
            if (acc[i] instanceof NumericAccumulator n) {
                double[] v = present ? table.numbers(f.name()) : null;
                if (v == null) {
                    v = new double[table.rowCount()];
                    java.util.Arrays.fill(v, Double.NaN);
                    if (present) {
                        String[] t = table.text(f.name());
                        for (int r = 0; r < v.length; r++) {
                            v[r] = Table.parseNumber(t[r]);
                        }
                    }
                }
                n.add(v, 0, v.length);
            } else {
                CategoricalAccumulator c = (CategoricalAccumulator) acc[i];
                String[] v = present ? table.text(f.name()) : new String[table.rowCount()];
                for (int r = 0; r < v.length; r++) {
                    c.add(v[r] == null || Table.isMissing(v[r]) ? null : canonicalCategory(v[r]));
                }
            }
        }
        return new WindowState(profile, acc, table.rowCount());
    }

    /**
     * Distinct categories absent from the reference that a window tracks per categorical feature (beyond the
     * reference's own); values of further new categories are counted in one unseen bucket.
     */
    public static final int MAX_UNSEEN_CATEGORIES = 1_000;

    static String canonicalCategory(String v) {
        return v.strip();
    }

    static Object[] newAccumulators(ReferenceProfile profile, int exactLimit, int sketchK) {
        List<ReferenceProfile.FeatureProfile> fs = profile.features();
        Object[] acc = new Object[fs.size()];
        for (int i = 0; i < acc.length; i++) {
            ReferenceProfile.FeatureProfile f = fs.get(i);
            acc[i] = f.kind() == FeatureKind.NUMERIC
                    ? new NumericAccumulator(f.binning(), exactLimit, sketchK)
                    : new CategoricalAccumulator(f.categories().size() + MAX_UNSEEN_CATEGORIES);
        }
        return acc;
    }

    /** The profile this state belongs to. */
    public ReferenceProfile profile() {
        return profile;
    }

    /** Rows observed. */
    public long rows() {
        return rows;
    }

    /**
     * The state of both windows together.
     *
     * @throws IllegalArgumentException if the states belong to different profiles
     */
    public WindowState merge(WindowState other) {
        Objects.requireNonNull(other, "other");
        if (other.profile != profile && !other.profile.toJson().equals(profile.toJson())) {
            throw new IllegalArgumentException("cannot merge window states of different reference profiles");
        }
        Object[] out = new Object[accumulators.length];
        for (int i = 0; i < out.length; i++) {
            if (accumulators[i] instanceof NumericAccumulator n) {
                NumericAccumulator c = n.copy();
                c.merge((NumericAccumulator) other.accumulators[i]);
                out[i] = c;
            } else {
                CategoricalAccumulator c = ((CategoricalAccumulator) accumulators[i]).copy();
                c.merge((CategoricalAccumulator) other.accumulators[i]);
                out[i] = c;
            }
        }
        return new WindowState(profile, out, rows + other.rows);
    }

    /** The JSON format name of a serialised window state. */
    public static final String FORMAT = "mlops-window-state";
    /** Its version. */
    public static final int FORMAT_VERSION = 1;

    /**
     * This state as JSON, to merge window states of monitors in other processes ({@link #fromJson}): per numeric
     * feature the bin counts, missing count, exact values and (beyond the exact limit) the sketch's levels; per
     * categorical feature the counts and missing count.
     */
    public String toJson() {
        java.util.Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("format", FORMAT);
        doc.put("format_version", FORMAT_VERSION);
        doc.put("rows", rows);
        List<Object> fs = new java.util.ArrayList<>();
        List<ReferenceProfile.FeatureProfile> pf = profile.features();
        for (int i = 0; i < accumulators.length; i++) {
            java.util.Map<String, Object> f = new java.util.LinkedHashMap<>();
            f.put("name", pf.get(i).name());
            if (accumulators[i] instanceof NumericAccumulator n) {
                f.put("bins", n.bins());
                f.put("missing", n.missing());
                f.put("values", n.bufferedValues());
                if (n.sketch() != null) {
                    java.util.Map<String, Object> sk = new java.util.LinkedHashMap<>();
                    sk.put("k", n.sketch().k());
                    sk.put("count", n.sketch().count());
                    sk.put("absolute_error", n.sketch().absoluteError());
                    sk.put("levels", n.sketch().levels());
                    f.put("sketch", sk);
                }
            } else {
                CategoricalAccumulator c = (CategoricalAccumulator) accumulators[i];
                f.put("counts", new java.util.TreeMap<>(c.frequencies()));
                f.put("missing", c.missing());
                f.put("other", c.other());
            }
            fs.add(f);
        }
        doc.put("features", fs);
        return Json.write(doc);
    }

    /**
     * Reads a state written by {@link #toJson()} for the same profile.
     *
     * @throws DataFormatException if the document is not a window state of this profile's features
     */
    public static WindowState fromJson(ReferenceProfile profile, String json, int exactLimit, int sketchK) {
        try {
            com.fasterxml.jackson.databind.JsonNode root = Json.MAPPER.readTree(json);
            if (root == null || !FORMAT.equals(root.path("format").asText())) {
                throw new DataFormatException("window state", 0, "expected \"format\": \"" + FORMAT + "\"");
            }
            int v = root.path("format_version").asInt(-1);
            if (v < 1 || v > FORMAT_VERSION) {
                throw new DataFormatException("window state", 0, "unsupported format_version "
                        + root.path("format_version") + "; this mlops reads 1 to " + FORMAT_VERSION);
            }
            Object[] acc = newAccumulators(profile, exactLimit, sketchK);
            com.fasterxml.jackson.databind.JsonNode fs = root.path("features");
            List<ReferenceProfile.FeatureProfile> pf = profile.features();
            if (fs.size() != pf.size()) {
                throw new DataFormatException("window state", 0, "expected " + pf.size() + " features, found "
                        + fs.size());
            }
            for (int i = 0; i < acc.length; i++) {
                com.fasterxml.jackson.databind.JsonNode f = fs.get(i);
                if (!pf.get(i).name().equals(f.path("name").asText())) {
                    throw new DataFormatException("window state", 0, "feature " + i + " is '" + f.path("name").asText()
                            + "', the profile has '" + pf.get(i).name() + "'");
                }
                if (acc[i] instanceof NumericAccumulator n) {
                    long[] bins = Json.MAPPER.treeToValue(f.path("bins"), long[].class);
                    double[] values = Json.MAPPER.treeToValue(f.path("values"), double[].class);
                    dev.mlops.monitoring.stats.QuantileSketch sk = null;
                    if (f.hasNonNull("sketch")) {
                        com.fasterxml.jackson.databind.JsonNode s = f.get("sketch");
                        sk = dev.mlops.monitoring.stats.QuantileSketch.restore(s.path("k").asInt(),
                                Json.MAPPER.treeToValue(s.path("levels"), double[][].class), s.path("count").asLong(),
                                s.path("absolute_error").asLong());
                    }
                    n.restore(bins, f.path("missing").asLong(), values == null ? new double[0] : values, sk);
                } else {
                    java.util.Map<String, Long> counts = new java.util.HashMap<>();
                    f.path("counts").properties().forEach(e -> counts.put(e.getKey(), e.getValue().asLong()));
                    ((CategoricalAccumulator) acc[i]).restore(counts, f.path("missing").asLong(),
                            f.path("other").asLong(0));
                }
            }
            return new WindowState(profile, acc, root.path("rows").asLong());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DataFormatException("window state", 0, "malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new DataFormatException("window state", 0, e.getMessage(), e);
        }
    }

    Object accumulator(int i) {
        return accumulators[i];
    }
}
