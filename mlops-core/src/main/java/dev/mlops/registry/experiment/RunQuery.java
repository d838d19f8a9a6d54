package dev.mlops.registry.experiment;

import dev.mlops.registry.Registry;

import java.util.Comparator;
import java.util.Objects;

/**
 * A run search: an optional experiment, a {@link RunFilter}, an ordering and a limit, e.g. the best 5 runs by
 * {@code val_auc} where {@code lr < 0.01}:
 *
 * <pre>{@code
 * RunQuery q = RunQuery.where(RunFilter.param("lr").lt(0.01)).orderBy(RunFilter.metric("val_auc"), false).limit(5);
 * }</pre>
 * Runs lacking the ordering field sort last. Immutable and thread-safe.
 */
public final class RunQuery {
    private final String experiment;
    private final RunFilter filter;
    private final RunFilter.Field orderBy;
    private final boolean ascending;
    private final int limit;

    private RunQuery(String experiment, RunFilter filter, RunFilter.Field orderBy, boolean ascending, int limit) {
        this.experiment = experiment;
        this.filter = filter;
        this.orderBy = orderBy;
        this.ascending = ascending;
        this.limit = limit;
    }

    /** Runs matching {@code filter}, in start order, unlimited. */
    public static RunQuery where(RunFilter filter) {
        return new RunQuery(null, Objects.requireNonNull(filter, "filter"), null, true, Integer.MAX_VALUE);
    }

    /** Every run. */
    public static RunQuery all() {
        return where(RunFilter.all());
    }

    /** Only runs of {@code experiment}. */
    public RunQuery experiment(String experiment) {
        return new RunQuery(Registry.checkName("experiment", experiment), filter, orderBy, ascending, limit);
    }

    /** Orders by a field, ascending or descending. */
    public RunQuery orderBy(RunFilter.Field field, boolean ascending) {
        return new RunQuery(experiment, filter, Objects.requireNonNull(field, "field"), ascending, limit);
    }

    /** At most {@code n} runs (≥ 1). */
    public RunQuery limit(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("A limit is >= 1, found " + n);
        }
        return new RunQuery(experiment, filter, orderBy, ascending, n);
    }

    public String experimentOrNull() {
        return experiment;
    }

    public RunFilter filter() {
        return filter;
    }

    public int limit() {
        return limit;
    }

    /** The ordering: by the field (missing last), then by start time and id for a stable result. */
    public Comparator<RunInfo> comparator() {
        Comparator<RunInfo> stable = Comparator.comparing(RunInfo::startedAt).thenComparing(RunInfo::id);
        if (orderBy == null) {
            return stable;
        }
        Comparator<RunInfo> byField = (a, b) -> {
            Object x = RunFilter.valueOf(a, orderBy.kind(), orderBy.key());
            Object y = RunFilter.valueOf(b, orderBy.kind(), orderBy.key());
            if (x == null || y == null) {
                return x == null ? (y == null ? 0 : 1) : -1;
            }
            Integer c = RunFilter.compare(x, y);
            if (c == null) {
                c = x.toString().compareTo(y.toString());
            }
            return ascending ? c : -c;
        };
        return byField.thenComparing(stable);
    }

    @Override
    public String toString() {
        return "RunQuery[" + (experiment == null ? "" : "experiment=" + experiment + ", ") + filter
                + (orderBy == null ? "" : ", orderBy " + orderBy.kind() + "." + orderBy.key() + (ascending ? " asc" : " desc"))
                + (limit == Integer.MAX_VALUE ? "" : ", limit " + limit) + "]";
    }
}
