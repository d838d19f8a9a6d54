package dev.mlops.serving;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes tiny ONNX models (ModelProto protobuf bytes) by hand, so tests need neither Python nor fixture files. Field
 * numbers are those of onnx.proto: ModelProto{ir_version=1, opset_import=8, graph=7}, GraphProto{node=1, name=2,
 * initializer=5, input=11, output=12}, NodeProto{input=1, output=2, op_type=4, attribute=5}, ValueInfoProto{name=1,
 * type=2}, TypeProto{tensor_type=1}, TypeProto.Tensor{elem_type=1, shape=2}, TensorShapeProto{dim=1},
 * Dimension{dim_value=1, dim_param=2}, TensorProto{dims=1, data_type=2, name=8, raw_data=9},
 * AttributeProto{name=1, i=3, type=20}.
 *
 * <p>Shipped in mlops-serving's test jar, so other modules' tests (the CLI's) use the same writer. Not thread-safe.
 */
public final class OnnxModelWriter {
    /** ONNX TensorProto.DataType numbers. */
    public static final int FLOAT = 1, UINT8 = 2, INT8 = 3, INT16 = 5, INT32 = 6, INT64 = 7, STRING = 8, BOOL = 9,
            FLOAT16 = 10, DOUBLE = 11, BFLOAT16 = 16;

    private final List<byte[]> nodes = new ArrayList<>();
    private final List<byte[]> inputs = new ArrayList<>();
    private final List<byte[]> outputs = new ArrayList<>();
    private final List<byte[]> initializers = new ArrayList<>();
    private long irVersion = 8;
    private long opset = 17;

    public static int onnxType(ElementType t) {
        switch (t) {
            case FLOAT: return FLOAT;
            case DOUBLE: return DOUBLE;
            case FLOAT16: return FLOAT16;
            case BFLOAT16: return BFLOAT16;
            case INT8: return INT8;
            case INT16: return INT16;
            case INT32: return INT32;
            case INT64: return INT64;
            case UINT8: return UINT8;
            case BOOL: return BOOL;
            case STRING: return STRING;
            default: throw new AssertionError(t);
        }
    }

    public OnnxModelWriter irVersion(long v) {
        irVersion = v;
        return this;
    }

    public OnnxModelWriter opset(long v) {
        opset = v;
        return this;
    }

    /** Dimensions: a Long is fixed, a String is symbolic (named). */
    public OnnxModelWriter input(String name, int elemType, Object... dims) {
        inputs.add(valueInfo(name, elemType, dims));
        return this;
    }

    public OnnxModelWriter output(String name, int elemType, Object... dims) {
        outputs.add(valueInfo(name, elemType, dims));
        return this;
    }

    public OnnxModelWriter node(String opType, List<String> in, List<String> out, long... toAttr) {
        Proto n = new Proto();
        for (String s : in) {
            n.string(1, s);
        }
        for (String s : out) {
            n.string(2, s);
        }
        n.string(4, opType);
        if (toAttr.length == 1) { // Cast's "to" attribute
            Proto a = new Proto().string(1, "to").varint(3, toAttr[0]).varint(20, 2);
            n.bytes(5, a.toBytes());
        }
        nodes.add(n.toBytes());
        return this;
    }

    public OnnxModelWriter floatInitializer(String name, float[] values, long... dims) {
        Proto t = new Proto();
        for (long d : dims) {
            t.varint(1, d);
        }
        t.varint(2, FLOAT);
        t.string(8, name);
        byte[] raw = new byte[values.length * 4];
        for (int i = 0; i < values.length; i++) {
            int b = Float.floatToIntBits(values[i]);
            raw[4 * i] = (byte) b;
            raw[4 * i + 1] = (byte) (b >>> 8);
            raw[4 * i + 2] = (byte) (b >>> 16);
            raw[4 * i + 3] = (byte) (b >>> 24);
        }
        t.bytes(9, raw);
        initializers.add(t.toBytes());
        return this;
    }

    public OnnxModelWriter longInitializer(String name, long[] values, long... dims) {
        Proto t = new Proto();
        for (long d : dims) {
            t.varint(1, d);
        }
        t.varint(2, INT64);
        t.string(8, name);
        byte[] raw = new byte[values.length * 8];
        for (int i = 0; i < values.length; i++) {
            for (int b = 0; b < 8; b++) {
                raw[8 * i + b] = (byte) (values[i] >>> (8 * b));
            }
        }
        t.bytes(9, raw);
        initializers.add(t.toBytes());
        return this;
    }

    /**
     * An initializer whose data lives in an external file ({@code data_location = EXTERNAL}, {@code external_data}
     * naming {@code location}, offset 0 and {@code length} bytes).
     */
    public OnnxModelWriter externalInitializer(String name, int elemType, String location, long length, long... dims) {
        Proto t = new Proto();
        for (long d : dims) {
            t.varint(1, d);
        }
        t.varint(2, elemType);
        t.string(8, name);
        t.bytes(13, new Proto().string(1, "location").string(2, location).toBytes());
        t.bytes(13, new Proto().string(1, "offset").string(2, "0").toBytes());
        t.bytes(13, new Proto().string(1, "length").string(2, Long.toString(length)).toBytes());
        t.varint(14, 1);
        initializers.add(t.toBytes());
        return this;
    }

    public byte[] toBytes() {
        Proto g = new Proto();
        for (byte[] n : nodes) {
            g.bytes(1, n);
        }
        g.string(2, "test");
        for (byte[] i : initializers) {
            g.bytes(5, i);
        }
        for (byte[] i : inputs) {
            g.bytes(11, i);
        }
        for (byte[] o : outputs) {
            g.bytes(12, o);
        }
        Proto m = new Proto().varint(1, irVersion);
        m.string(2, "mlops-test");
        m.bytes(7, g.toBytes());
        m.bytes(8, new Proto().string(1, "").varint(2, opset).toBytes());
        return m.toBytes();
    }

    /** An Identity model {@code y = x} of one element type and shape. */
    public static byte[] identity(ElementType type, Object... dims) {
        int t = onnxType(type);
        return new OnnxModelWriter().input("x", t, dims).output("y", t, dims)
                .node("Identity", List.of("x"), List.of("y")).toBytes();
    }

    private static byte[] valueInfo(String name, int elemType, Object... dims) {
        Proto shape = new Proto();
        for (Object d : dims) {
            Proto dim = new Proto();
            if (d instanceof String) {
                dim.string(2, (String) d);
            } else {
                dim.varint(1, ((Number) d).longValue());
            }
            shape.bytes(1, dim.toBytes());
        }
        Proto tensor = new Proto().varint(1, elemType).bytes(2, shape.toBytes());
        Proto type = new Proto().bytes(1, tensor.toBytes());
        return new Proto().string(1, name).bytes(2, type.toBytes()).toBytes();
    }

    /** A protobuf message under construction. */
    private static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto varint(int field, long v) {
            writeVarint(((long) field << 3));
            writeVarint(v);
            return this;
        }

        Proto bytes(int field, byte[] b) {
            writeVarint(((long) field << 3) | 2);
            writeVarint(b.length);
            out.writeBytes(b);
            return this;
        }

        Proto string(int field, String s) {
            return bytes(field, s.getBytes(StandardCharsets.UTF_8));
        }

        private void writeVarint(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }

        byte[] toBytes() {
            return out.toByteArray();
        }
    }
}
