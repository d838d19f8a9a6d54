package dev.mlops.serving.routing;

import dev.mlops.serving.ElementType;
import dev.mlops.serving.Outputs;
import dev.mlops.serving.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** Reading predicted classes out of a classifier's outputs, for the label comparators. Stateless. */
final class Labels {
    private Labels() {
    }

    /** Whether {@code out} looks like a classifier's: a label tensor or a probability output. */
    static boolean isClassifier(Outputs out) {
        return labelOutput(out) != null || probabilityOutput(out) != null;
    }

    /** The name of the first integer or string tensor output of rank ≤ 2 with one column, or null. */
    private static String labelOutput(Outputs out) {
        for (String name : out.names()) {
            Object v = out.value(name);
            if (v instanceof Tensor t && isLabelType(t.type()) && t.rank() >= 1
                    && (t.rank() == 1 || t.rank() == 2 && t.dim(1) == 1)) {
                return name;
            }
        }
        return null;
    }

    private static boolean isLabelType(ElementType t) {
        return t == ElementType.INT64 || t == ElementType.INT32 || t == ElementType.STRING;
    }

    /** The name of the first probability output: a sequence of maps, or a float tensor [n, k≥2] named *prob*. */
    private static String probabilityOutput(Outputs out) {
        for (String name : out.names()) {
            Object v = out.value(name);
            if (v instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Map) {
                return name;
            }
            if (v instanceof Tensor t && t.rank() == 2 && t.dim(1) >= 2 && isFloating(t.type())
                    && name.toLowerCase(Locale.ROOT).contains("prob")) {
                return name;
            }
        }
        return null;
    }

    private static boolean isFloating(ElementType t) {
        return t == ElementType.FLOAT || t == ElementType.DOUBLE || t == ElementType.FLOAT16
                || t == ElementType.BFLOAT16;
    }

    /** The predicted label of each row: from the label output, else the arg-max of the probabilities; or null. */
    static List<Object> labels(Outputs out) {
        String label = labelOutput(out);
        if (label != null) {
            Tensor t = (Tensor) out.value(label);
            List<Object> l = new ArrayList<>(t.size());
            for (int i = 0; i < t.size(); i++) {
                l.add(t.getObject(i));
            }
            return l;
        }
        List<List<Object>> ranked = ranked(out);
        if (ranked == null) {
            return null;
        }
        List<Object> l = new ArrayList<>(ranked.size());
        for (List<Object> r : ranked) {
            l.add(r.isEmpty() ? null : r.get(0));
        }
        return l;
    }

    /** Per row, the classes from most to least probable (ties: first seen first); null without probabilities. */
    static List<List<Object>> ranked(Outputs out) {
        String name = probabilityOutput(out);
        if (name == null) {
            return null;
        }
        Object v = out.value(name);
        List<List<Object>> rows = new ArrayList<>();
        if (v instanceof Tensor t) {
            int n = (int) t.dim(0);
            int k = (int) t.dim(1);
            for (int r = 0; r < n; r++) {
                Integer[] idx = new Integer[k];
                double[] p = new double[k];
                for (int c = 0; c < k; c++) {
                    idx[c] = c;
                    p[c] = t.getDouble(r * k + c);
                }
                Arrays.sort(idx, (a, b) -> Double.compare(p[b], p[a]));
                rows.add(new ArrayList<>(Arrays.asList((Object[]) idx)));
            }
        } else {
            for (Object o : (List<?>) v) {
                Map<?, ?> m = (Map<?, ?>) o;
                List<Map.Entry<?, ?>> e = new ArrayList<>(m.entrySet());
                e.sort((a, b) -> Double.compare(((Number) b.getValue()).doubleValue(),
                        ((Number) a.getValue()).doubleValue()));
                List<Object> keys = new ArrayList<>(e.size());
                for (Map.Entry<?, ?> x : e) {
                    keys.add(x.getKey());
                }
                rows.add(keys);
            }
        }
        return rows;
    }

    /** Agreement when every primary label is among the shadow's top {@code k} (k = 1: equal labels). */
    static OutputComparator.Comparison compare(Outputs primary, Outputs shadow, int k) {
        List<Object> want = labels(primary);
        if (want == null) {
            return new OutputComparator.Comparison(false, Double.NaN, "the primary's outputs carry no class label");
        }
        List<Object> one = k == 1 ? labels(shadow) : null;
        List<List<Object>> top = k == 1 ? null : ranked(shadow);
        if (k == 1 ? one == null : top == null) {
            return new OutputComparator.Comparison(false, Double.NaN, k == 1
                    ? "the shadow's outputs carry no class label" : "the shadow's outputs carry no probabilities");
        }
        int rows = k == 1 ? one.size() : top.size();
        if (rows != want.size()) {
            return new OutputComparator.Comparison(false, Double.NaN, "the shadow answered " + rows + " rows, the "
                    + "primary " + want.size());
        }
        int differ = 0;
        for (int r = 0; r < rows; r++) {
            Object w = want.get(r);
            boolean ok = k == 1 ? sameLabel(w, one.get(r))
                    : top.get(r).subList(0, Math.min(k, top.get(r).size())).stream().anyMatch(c -> sameLabel(w, c));
            if (!ok) {
                differ++;
            }
        }
        double share = rows == 0 ? 0 : (double) differ / rows;
        return new OutputComparator.Comparison(differ == 0, share, differ == 0 ? ""
                : differ + " of " + rows + " rows predict another class" + (k > 1 ? " (not in the top " + k + ")" : ""));
    }

    /** Labels compare by value: 1 (Long) equals 1 (Integer), "1" equals 1L (a ZipMap key vs a label tensor). */
    private static boolean sameLabel(Object a, Object b) {
        if (Objects.equals(a, b)) {
            return true;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return x.longValue() == y.longValue();
        }
        return a != null && b != null && a.toString().equals(b.toString());
    }
}
