package dev.mlops.registry.experiment;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A predicate over runs, built from fields ({@link #param}, {@link #metric}, {@link #tag}, {@link #status}) and
 * combined with {@link #and}, {@link #or} and {@link #not}:
 *
 * <pre>{@code
 * RunFilter f = RunFilter.param("lr").lt(0.01).and(RunFilter.tag("team").in("risk", "fraud"))
 *         .or(RunFilter.metric("val_auc").ge(0.95));
 * }</pre>
 * Numbers compare numerically (a parameter stored as the string "0.01" does not equal 0.01); strings compare
 * lexicographically; a run that lacks the field never matches a comparison (but matches its negation with
 * {@link #not}). Immutable and thread-safe.
 */
public final class RunFilter {
    private final Predicate<RunInfo> predicate;
    private final String text;

    private RunFilter(Predicate<RunInfo> predicate, String text) {
        this.predicate = predicate;
        this.text = text;
    }

    /** Matches every run. */
    public static RunFilter all() {
        return new RunFilter(r -> true, "true");
    }

    /** A parameter of the run. */
    public static Field param(String key) {
        return new Field("param", key);
    }

    /** The latest value of a metric of the run. */
    public static Field metric(String key) {
        return new Field("metric", key);
    }

    /** A tag of the run. */
    public static Field tag(String key) {
        return new Field("tag", key);
    }

    /** The run's status ({@code RUNNING}, {@code FINISHED}, {@code FAILED}, {@code KILLED}). */
    public static Field status() {
        return new Field("status", "");
    }

    /** Whether {@code run} matches. */
    public boolean test(RunInfo run) {
        return predicate.test(run);
    }

    /** Both must match. */
    public RunFilter and(RunFilter other) {
        return new RunFilter(predicate.and(other.predicate), "(" + text + " AND " + other.text + ")");
    }

    /** Either may match. */
    public RunFilter or(RunFilter other) {
        return new RunFilter(predicate.or(other.predicate), "(" + text + " OR " + other.text + ")");
    }

    /** The negation. */
    public RunFilter not() {
        return new RunFilter(predicate.negate(), "NOT " + text);
    }

    @Override
    public String toString() {
        return text;
    }

    /** The value of a field in {@code run}, or null when the run lacks it. */
    static Object valueOf(RunInfo run, String kind, String key) {
        return switch (kind) {
            case "param" -> run.params().get(key);
            case "metric" -> run.metrics().get(key);
            case "tag" -> run.tags().get(key);
            case "status" -> run.status().name();
            default -> throw new IllegalStateException(kind);
        };
    }

    /** Compares two field values: numbers numerically, else strings; returns null when incomparable. */
    static Integer compare(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        if (a instanceof Number || b instanceof Number) {
            return null;
        }
        return a.toString().compareTo(b.toString());
    }

    /** One field of a run, to compare with values. Immutable and thread-safe. */
    public static final class Field {
        private final String kind;
        private final String key;

        private Field(String kind, String key) {
            this.kind = kind;
            this.key = Objects.requireNonNull(key, "key");
        }

        private RunFilter cmp(String op, Object value, java.util.function.IntPredicate ok) {
            Objects.requireNonNull(value, "value");
            Object v = value instanceof Number n && !(value instanceof Double) ? (Object) n.doubleValue() : value;
            return new RunFilter(r -> {
                Integer c = compare(valueOf(r, kind, key), v);
                return c != null && ok.test(c);
            }, kind + "." + key + " " + op + " " + value);
        }

        public RunFilter eq(Object value) {
            return cmp("=", value, c -> c == 0);
        }

        public RunFilter ne(Object value) {
            return cmp("!=", value, c -> c != 0);
        }

        public RunFilter lt(Object value) {
            return cmp("<", value, c -> c < 0);
        }

        public RunFilter le(Object value) {
            return cmp("<=", value, c -> c <= 0);
        }

        public RunFilter gt(Object value) {
            return cmp(">", value, c -> c > 0);
        }

        public RunFilter ge(Object value) {
            return cmp(">=", value, c -> c >= 0);
        }

        /** Equal to any of {@code values}. */
        public RunFilter in(Object... values) {
            List<Object> vs = Arrays.asList(values.clone());
            return new RunFilter(r -> {
                Object x = valueOf(r, kind, key);
                for (Object v : vs) {
                    Integer c = compare(x, v);
                    if (c != null && c == 0) {
                        return true;
                    }
                }
                return false;
            }, kind + "." + key + " IN " + vs);
        }

        /** Whether the run has the field at all. */
        public RunFilter exists() {
            return new RunFilter(r -> valueOf(r, kind, key) != null, kind + "." + key + " EXISTS");
        }

        String kind() {
            return kind;
        }

        String key() {
            return key;
        }
    }
}
