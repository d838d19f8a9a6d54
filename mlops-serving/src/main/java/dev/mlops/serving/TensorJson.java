package dev.mlops.serving;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.serving.internal.ElementConversion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes tensors in the JSON form numpy users write by hand: {@code {"dtype": "float32", "shape": [2, 3],
 * "data": [...]}} with the data flattened row-major and dtype names as numpy spells them (float32, float64, float16,
 * bfloat16, int8, int16, int32, int64, uint8, bool, and {@code object}/{@code string} for strings). Sequences are
 * {@code {"sequence": [...]}} and maps {@code {"map": {key: value}}}. This is the format of {@code mlops predict}
 * and of the reference vectors. Stateless and thread-safe.
 */
public final class TensorJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .build();

    private TensorJson() {
    }

    /** The JSON mapper this class uses (accepts and writes bare {@code NaN}/{@code Infinity} as Python does). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Inputs from an object mapping each input name to a tensor object.
     *
     * @throws InvalidInputException naming the input for a missing field, unknown dtype, or data that does not match
     *                               the shape or the dtype
     */
    public static Inputs readInputs(JsonNode inputs) {
        if (inputs == null || !inputs.isObject()) {
            throw new InvalidInputException("", "an object {name: {dtype, shape, data}}",
                    inputs == null ? "nothing" : inputs.getNodeType().toString(),
                    "'inputs' must be an object mapping each input name to {\"dtype\", \"shape\", \"data\"}");
        }
        Inputs.Builder b = Inputs.builder();
        Iterator<Map.Entry<String, JsonNode>> it = inputs.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            b.add(e.getKey(), readTensor(e.getKey(), e.getValue()));
        }
        return b.build();
    }

    /** One tensor object; {@code name} appears in error messages. */
    public static Tensor readTensor(String name, JsonNode node) {
        if (node == null || !node.isObject()) {
            throw bad(name, "an object {dtype, shape, data}", node == null ? "nothing" : node.getNodeType().toString());
        }
        JsonNode dtype = node.get("dtype");
        JsonNode shapeNode = node.get("shape");
        JsonNode dataNode = node.get("data");
        if (dtype == null || !dtype.isTextual()) {
            throw bad(name, "a \"dtype\" string", String.valueOf(dtype));
        }
        ElementType type = ElementType.fromNumpyName(dtype.asText()).orElseThrow(() -> bad(name,
                "a dtype among float32 float64 float16 bfloat16 int8 int16 int32 int64 uint8 bool object string",
                "'" + dtype.asText() + "'"));
        if (shapeNode == null || !shapeNode.isArray()) {
            throw bad(name, "a \"shape\" array", String.valueOf(shapeNode));
        }
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.canConvertToLong() || !d.isIntegralNumber() || d.asLong() < 0) {
                throw bad(name, "non-negative integer dimensions", shapeNode.toString());
            }
            shape[i] = d.asLong();
        }
        if (dataNode == null) {
            throw bad(name, "a \"data\" array", "nothing");
        }
        List<Object> flat = new ArrayList<>();
        flatten(dataNode, flat);
        Object carrier;
        try {
            carrier = ElementConversion.toCarrier(type, flat, i -> "input '" + name + "', element " + i);
        } catch (ElementConversion.ConversionException e) {
            throw new InvalidInputException(name, type.numpyName(), e.getMessage(), e.getMessage());
        }
        try {
            return Tensor.of(type, carrier, shape);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(name, "data matching shape " + shapeNode, flat.size() + " values",
                    "input '" + name + "': " + e.getMessage());
        }
    }

    private static void flatten(JsonNode n, List<Object> out) {
        if (n.isArray()) {
            for (JsonNode c : n) {
                flatten(c, out);
            }
        } else if (n.isNull()) {
            out.add(null);
        } else if (n.isBoolean()) {
            out.add(n.booleanValue());
        } else if (n.isIntegralNumber()) {
            out.add(n.canConvertToLong() ? (Object) n.longValue() : n.bigIntegerValue());
        } else if (n.isNumber()) {
            out.add(n.doubleValue());
        } else {
            out.add(n.asText());
        }
    }

    /** {@code {"outputs": {name: value}}} for a prediction's outputs. */
    public static ObjectNode writeOutputs(Outputs outputs) {
        ObjectNode root = NODES.objectNode();
        ObjectNode o = root.putObject("outputs");
        for (Map.Entry<String, Object> e : outputs.asMap().entrySet()) {
            o.set(e.getKey(), writeValue(e.getValue()));
        }
        return root;
    }

    /** The JSON of one output value: a {@link Tensor}, a {@code List} (sequence) or a {@code Map}. */
    public static JsonNode writeValue(Object value) {
        if (value instanceof Tensor) {
            return writeTensor((Tensor) value);
        }
        if (value instanceof List) {
            ObjectNode n = NODES.objectNode();
            ArrayNode seq = n.putArray("sequence");
            for (Object o : (List<?>) value) {
                seq.add(writeValue(o));
            }
            return n;
        }
        if (value instanceof Map) {
            ObjectNode n = NODES.objectNode();
            ObjectNode m = n.putObject("map");
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                m.set(String.valueOf(e.getKey()), scalar(e.getValue()));
            }
            return n;
        }
        return scalar(value);
    }

    /** {@code {"dtype", "shape", "data"}} of a tensor. */
    public static ObjectNode writeTensor(Tensor t) {
        ObjectNode n = NODES.objectNode();
        n.put("dtype", t.type() == ElementType.STRING ? "object" : t.type().numpyName());
        ArrayNode shape = n.putArray("shape");
        for (int d = 0; d < t.rank(); d++) {
            shape.add(t.dim(d));
        }
        ArrayNode data = n.putArray("data");
        for (int i = 0; i < t.size(); i++) {
            data.add(scalar(t.getObject(i)));
        }
        return n;
    }

    private static JsonNode scalar(Object v) {
        if (v == null) {
            return NODES.nullNode();
        }
        if (v instanceof Float) {
            return NODES.numberNode(((Float) v).doubleValue());
        }
        if (v instanceof Double) {
            return NODES.numberNode((Double) v);
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return NODES.numberNode(((Number) v).longValue());
        }
        if (v instanceof Boolean) {
            return NODES.booleanNode((Boolean) v);
        }
        if (v instanceof Tensor) {
            return writeTensor((Tensor) v);
        }
        return NODES.textNode(v.toString());
    }

    /** Writes {@code node} as pretty JSON followed by a newline. */
    public static void write(JsonNode node, Writer out) {
        try {
            JsonGenerator g = MAPPER.getFactory().createGenerator(out);
            g.useDefaultPrettyPrinter();
            MAPPER.writeTree(g, node);
            g.flush();
            out.write(System.lineSeparator());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InvalidInputException bad(String name, String expected, String given) {
        return new InvalidInputException(name, expected, given, "input '" + name + "': expected " + expected
                + ", found " + given);
    }
}
