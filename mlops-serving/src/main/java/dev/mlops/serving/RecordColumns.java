package dev.mlops.serving;

import dev.mlops.serving.internal.ElementConversion;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Builds input tensors from records (one map per row). Stateless. */
final class RecordColumns {
    private RecordColumns() {
    }

    static Tensor column(TensorSpec spec, List<? extends Map<String, ?>> records) {
        ElementType type = spec.elementType().orElseThrow(() -> new InvalidInputException(spec.name(),
                "a tensor input", spec.description(), "input '" + spec.name() + "' is not a tensor; records cannot feed it"));
        List<Object> flat = new ArrayList<>(records.size());
        int width = -1;
        for (int r = 0; r < records.size(); r++) {
            Map<String, ?> rec = records.get(r);
            if (!rec.containsKey(spec.name())) {
                throw new InvalidInputException(spec.name(), "a value in every record", "record " + r + " without it",
                        "record " + r + " has no column '" + spec.name() + "' (keys " + rec.keySet() + ")");
            }
            Object v = rec.get(spec.name());
            int w;
            if (v instanceof Collection) {
                w = ((Collection<?>) v).size();
                flat.addAll((Collection<?>) v);
            } else if (v != null && v.getClass().isArray()) {
                w = java.lang.reflect.Array.getLength(v);
                for (int k = 0; k < w; k++) {
                    flat.add(java.lang.reflect.Array.get(v, k));
                }
            } else {
                w = 0;
                flat.add(v);
            }
            if (width >= 0 && w != width) {
                throw new InvalidInputException(spec.name(), width == 0 ? "one value" : width + " values",
                        w == 0 ? "one value" : w + " values", "record " + r + ", column '" + spec.name()
                        + "': every record must hold the same number of values");
            }
            width = w;
        }
        int rows = records.size();
        final int wf = Math.max(width, 1);
        Object data = convert(type, flat, i -> "record " + (i / wf) + ", column '" + spec.name() + "'", spec);
        long[] shape;
        if (width > 0) {
            shape = new long[]{rows, width};
        } else if (spec.rank() == 2) {
            shape = new long[]{rows, 1};
        } else {
            shape = new long[]{rows};
        }
        return Tensor.of(type, data, shape);
    }

    static Tensor matrix(TensorSpec spec, List<? extends Map<String, ?>> records, List<String> columns) {
        ElementType type = spec.elementType().orElseThrow();
        List<Object> flat = new ArrayList<>(records.size() * columns.size());
        for (int r = 0; r < records.size(); r++) {
            Map<String, ?> rec = records.get(r);
            for (String c : columns) {
                if (!rec.containsKey(c)) {
                    throw new InvalidInputException(spec.name(), "column '" + c + "' in every record",
                            "record " + r + " without it", "record " + r + " has no column '" + c + "' (keys "
                            + rec.keySet() + ")");
                }
                flat.add(rec.get(c));
            }
        }
        int w = columns.size();
        Object data = convert(type, flat, i -> "record " + (i / w) + ", column '" + columns.get(i % w) + "'", spec);
        return Tensor.of(type, data, records.size(), w);
    }

    private static Object convert(ElementType type, List<Object> flat, java.util.function.IntFunction<String> where,
                                  TensorSpec spec) {
        try {
            return ElementConversion.toCarrier(type, flat, where);
        } catch (ElementConversion.ConversionException e) {
            throw new InvalidInputException(spec.name(), type.numpyName(), e.getMessage(), e.getMessage());
        }
    }
}
