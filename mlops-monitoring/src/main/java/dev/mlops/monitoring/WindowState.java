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
                    : new CategoricalAccumulator();
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

    Object accumulator(int i) {
        return accumulators[i];
    }
}
