package dev.mlops.serving;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The outputs of one prediction, fully copied out of native memory: nothing here needs closing. Tensor outputs are
 * {@link Tensor}s; sequences are {@code List}s (of {@code Map}s for scikit-learn ZipMap classifiers, of tensors
 * otherwise); maps are {@code Map}s with {@code Long} or {@code String} keys. {@link #provenance()} says who answered.
 * Immutable and thread-safe.
 */
public final class Outputs {
    private final String[] names;
    private final Object[] values;
    private final Provenance provenance;

    Outputs(String[] names, Object[] values, Provenance provenance) {
        this.names = names;
        this.values = values;
        this.provenance = provenance;
    }

    /** Who answered: endpoint and variant (if any), model, version and digest (when known), shadow or not. */
    public Provenance provenance() {
        return provenance;
    }

    /** The same outputs answered by {@code other} (shares the values). */
    Outputs withProvenance(Provenance other) {
        return other == provenance ? this : new Outputs(names, values, other);
    }

    /** The output names in the order the model returned them. */
    public List<String> names() {
        return Collections.unmodifiableList(Arrays.asList(names));
    }

    /** The number of outputs. */
    public int size() {
        return names.length;
    }

    /** The value of output {@code name}: a {@link Tensor}, a {@code List} or a {@code Map}. */
    public Object value(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return values[i];
            }
        }
        throw new NoSuchElementException("no output named '" + name + "'; the outputs are " + names());
    }

    /** The tensor output {@code name}. */
    public Tensor tensor(String name) {
        Object v = value(name);
        if (!(v instanceof Tensor)) {
            throw new IllegalStateException("output '" + name + "' is a " + kind(v) + ", not a tensor; use value() or maps()");
        }
        return (Tensor) v;
    }

    /** The first output, which must be a tensor (convenient for one-output models). */
    public Tensor first() {
        return tensor(names[0]);
    }

    /** The sequence output {@code name}. */
    public List<?> sequence(String name) {
        Object v = value(name);
        if (!(v instanceof List)) {
            throw new IllegalStateException("output '" + name + "' is a " + kind(v) + ", not a sequence");
        }
        return (List<?>) v;
    }

    /**
     * The sequence-of-maps output {@code name} (e.g. {@code output_probability} of a ZipMap classifier: one map per
     * row from class label to probability).
     */
    @SuppressWarnings("unchecked")
    public <K, V> List<Map<K, V>> maps(String name) {
        List<?> seq = sequence(name);
        for (Object o : seq) {
            if (!(o instanceof Map)) {
                throw new IllegalStateException("output '" + name + "' is a sequence of " + kind(o) + ", not of maps");
            }
        }
        return (List<Map<K, V>>) seq;
    }

    /** The outputs as an ordered map. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            m.put(names[i], values[i]);
        }
        return Collections.unmodifiableMap(m);
    }

    private static String kind(Object v) {
        if (v instanceof Tensor) {
            return "tensor";
        }
        if (v instanceof List) {
            return "sequence";
        }
        if (v instanceof Map) {
            return "map";
        }
        return v == null ? "null" : v.getClass().getSimpleName();
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}
