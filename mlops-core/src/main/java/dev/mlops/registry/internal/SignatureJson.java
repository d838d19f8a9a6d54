package dev.mlops.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.registry.onnx.Dimension;
import dev.mlops.registry.onnx.ElementType;
import dev.mlops.registry.onnx.ModelSignature;
import dev.mlops.registry.onnx.ValueInfo;
import dev.mlops.registry.onnx.ValueType;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Stored form of a {@link ModelSignature}: {@code {"inputs":[{"name":..,"type":T}],"outputs":[..]}} where a type T is
 * {@code {"tensor":{"elem":"float","shape":["batch",30,null]}}}, {@code {"sequence":T}}, {@code {"map":{"key":"int64",
 * "value":T}}}, {@code {"optional":T}} or {@code {"sparse_tensor":{...}}}; a shape entry is a size, a symbol or null
 * (unknown); no {@code shape} means undeclared. Stateless.
 */
public final class SignatureJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private SignatureJson() {
    }

    public static JsonNode write(ModelSignature sig) {
        ObjectNode o = F.objectNode();
        o.set("inputs", writeAll(sig.inputs()));
        o.set("outputs", writeAll(sig.outputs()));
        return o;
    }

    private static ArrayNode writeAll(List<ValueInfo> values) {
        ArrayNode a = F.arrayNode();
        for (ValueInfo v : values) {
            ObjectNode n = a.addObject();
            n.put("name", v.name());
            n.set("type", writeType(v.type()));
        }
        return a;
    }

    private static JsonNode writeType(ValueType t) {
        ObjectNode o = F.objectNode();
        if (t instanceof ValueType.Tensor tt) {
            o.set("tensor", tensor(tt.elementType(), tt.shape()));
        } else if (t instanceof ValueType.SparseTensor st) {
            o.set("sparse_tensor", tensor(st.elementType(), st.shape()));
        } else if (t instanceof ValueType.Sequence s) {
            o.set("sequence", writeType(s.elementType()));
        } else if (t instanceof ValueType.OptionalType op) {
            o.set("optional", writeType(op.elementType()));
        } else if (t instanceof ValueType.MapType m) {
            ObjectNode mo = F.objectNode();
            mo.put("key", m.keyType().onnxName());
            mo.set("value", writeType(m.valueType()));
            o.set("map", mo);
        }
        return o;
    }

    private static ObjectNode tensor(ElementType e, Optional<List<Dimension>> shape) {
        ObjectNode o = F.objectNode();
        o.put("elem", e.onnxName());
        shape.ifPresent(dims -> {
            ArrayNode a = o.putArray("shape");
            for (Dimension d : dims) {
                if (d.isFixed()) {
                    a.add(d.size().getAsLong());
                } else if (d.symbol().isPresent()) {
                    a.add(d.symbol().get());
                } else {
                    a.addNull();
                }
            }
        });
        return o;
    }

    public static ModelSignature read(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return ModelSignature.empty();
        }
        return new ModelSignature(readAll(n.path("inputs")), readAll(n.path("outputs")));
    }

    private static List<ValueInfo> readAll(JsonNode a) {
        List<ValueInfo> out = new ArrayList<>();
        for (JsonNode v : a) {
            out.add(new ValueInfo(v.path("name").asText(), readType(v.path("type"))));
        }
        return out;
    }

    private static ValueType readType(JsonNode t) {
        if (t.has("tensor")) {
            JsonNode x = t.get("tensor");
            return new ValueType.Tensor(ElementType.ofName(x.path("elem").asText()), shape(x));
        }
        if (t.has("sparse_tensor")) {
            JsonNode x = t.get("sparse_tensor");
            return new ValueType.SparseTensor(ElementType.ofName(x.path("elem").asText()), shape(x));
        }
        if (t.has("sequence")) {
            return new ValueType.Sequence(readType(t.get("sequence")));
        }
        if (t.has("optional")) {
            return new ValueType.OptionalType(readType(t.get("optional")));
        }
        if (t.has("map")) {
            JsonNode m = t.get("map");
            return new ValueType.MapType(ElementType.ofName(m.path("key").asText()), readType(m.path("value")));
        }
        throw new IllegalArgumentException("Unknown stored value type " + t);
    }

    private static Optional<List<Dimension>> shape(JsonNode x) {
        if (!x.has("shape")) {
            return Optional.empty();
        }
        List<Dimension> dims = new ArrayList<>();
        for (JsonNode d : x.get("shape")) {
            if (d.isNull()) {
                dims.add(Dimension.unknown());
            } else if (d.isNumber()) {
                dims.add(Dimension.of(d.asLong()));
            } else {
                dims.add(Dimension.symbolic(d.asText()));
            }
        }
        return Optional.of(dims);
    }
}
