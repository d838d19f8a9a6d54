package dev.mlops.registry.onnx;

import dev.mlops.registry.InvalidModelException;

import dev.mlops.registry.internal.ProtoReader;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a model's {@link ModelSignature} from an ONNX file with a small JDK-only protobuf reader: the graph's inputs
 * minus its initializers, and its outputs, with element types and shapes (fixed, symbolic and unknown dimensions),
 * including non-tensor types such as {@code seq(map(int64,tensor(float)))}. Weights are skipped without being held in
 * memory. No ONNX Runtime or protobuf library is needed.
 *
 * <pre>{@code
 * ModelSignature sig = OnnxSignatures.read(Path.of("model.onnx"));
 * sig.inputs().get(0).shapeStrings();   // ["batch", "30"]
 * }</pre>
 * Stateless and thread-safe.
 */
public final class OnnxSignatures {
    // ModelProto
    private static final int MODEL_GRAPH = 7;
    // GraphProto
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    private static final int GRAPH_SPARSE_INITIALIZER = 15;
    // TensorProto
    private static final int TENSOR_NAME = 8;
    // SparseTensorProto
    private static final int SPARSE_VALUES = 1;
    // ValueInfoProto
    private static final int VALUE_INFO_NAME = 1;
    private static final int VALUE_INFO_TYPE = 2;
    // TypeProto
    private static final int TYPE_TENSOR = 1;
    private static final int TYPE_SEQUENCE = 4;
    private static final int TYPE_MAP = 5;
    private static final int TYPE_SPARSE_TENSOR = 8;
    private static final int TYPE_OPTIONAL = 9;

    /** The deepest nesting of types (sequence of map of sequence …) read; real models use a few levels. */
    static final int MAX_TYPE_DEPTH = 32;
    /** Memory charged per object kept (a value, a dimension, an initializer name), against the reader's budget. */
    private static final int OBJECT_CHARGE = 64;

    private OnnxSignatures() {
    }

    /**
     * Reads the signature of the ONNX model in {@code in} (read to the end of the graph; not closed).
     *
     * @throws InvalidModelException when the bytes are not an ONNX model
     * @throws UncheckedIOException  when reading fails
     */
    public static ModelSignature read(InputStream in) {
        Objects.requireNonNull(in, "in");
        InputStream buffered = in instanceof BufferedInputStream || in instanceof ByteArrayInputStream
                ? in : new BufferedInputStream(in, 64 * 1024);
        try {
            return readModel(new ProtoReader(buffered));
        } catch (java.io.EOFException e) {
            throw new InvalidModelException("Expected an ONNX model (a ModelProto), but " + e.getMessage(), e);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("Malformed protobuf")) {
                throw new InvalidModelException("Expected an ONNX model (a ModelProto): " + e.getMessage(), e);
            }
            throw new UncheckedIOException("Reading the ONNX model failed: " + e.getMessage(), e);
        }
    }

    /** Reads the signature of the ONNX model in {@code bytes}. */
    public static ModelSignature read(byte[] bytes) {
        return read(new ByteArrayInputStream(bytes));
    }

    /** Reads the signature of the ONNX model file at {@code path}. */
    public static ModelSignature read(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return read(in);
        } catch (InvalidModelException e) {
            throw new InvalidModelException(path + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read ONNX model " + path + ": " + e.getMessage(), e);
        }
    }

    /** Reads the signature, or empty when the bytes are not an ONNX model. */
    public static Optional<ModelSignature> tryRead(InputStream in) {
        try {
            return Optional.of(read(in));
        } catch (InvalidModelException e) {
            return Optional.empty();
        }
    }

    private static ModelSignature readModel(ProtoReader r) throws IOException {
        long end = Long.MAX_VALUE;
        boolean sawGraph = false;
        ModelSignature result = null;
        while (true) {
            long tag = r.readTag(end);
            if (tag < 0) {
                break;
            }
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            if (field == 0) {
                throw new IOException("Malformed protobuf: field number 0 at byte " + r.position());
            }
            if (field == MODEL_GRAPH && wire == ProtoReader.LEN) {
                long graphEnd = r.readLengthEnd(end);
                result = readGraph(r, graphEnd);
                sawGraph = true;
                r.skipTo(graphEnd);
                break; // nothing after the graph matters to the signature
            }
            r.skip(wire, end);
        }
        if (!sawGraph) {
            throw new InvalidModelException("Expected an ONNX model with a graph (ModelProto field 7), found none; "
                    + "is this an ONNX file?");
        }
        return result;
    }

    private static ModelSignature readGraph(ProtoReader r, long end) throws IOException {
        Set<String> initializers = new HashSet<>();
        List<ValueInfo> inputs = new ArrayList<>();
        List<ValueInfo> outputs = new ArrayList<>();
        while (true) {
            long tag = r.readTag(end);
            if (tag < 0) {
                break;
            }
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            if (wire != ProtoReader.LEN) {
                r.skip(wire, end);
                continue;
            }
            switch (field) {
                case GRAPH_INITIALIZER -> {
                    long e = r.readLengthEnd(end);
                    readTensorName(r, e).ifPresent(initializers::add);
                    r.retain(OBJECT_CHARGE, "initializer names");
                    r.skipTo(e);
                }
                case GRAPH_SPARSE_INITIALIZER -> {
                    long e = r.readLengthEnd(end);
                    while (true) {
                        long t = r.readTag(e);
                        if (t < 0) {
                            break;
                        }
                        if ((t >>> 3) == SPARSE_VALUES && (t & 7) == ProtoReader.LEN) {
                            long ve = r.readLengthEnd(e);
                            readTensorName(r, ve).ifPresent(initializers::add);
                            r.retain(OBJECT_CHARGE, "initializer names");
                            r.skipTo(ve);
                        } else {
                            r.skip((int) (t & 7), e);
                        }
                    }
                }
                case GRAPH_INPUT -> inputs.add(readValueInfo(r, r.readLengthEnd(end)));
                case GRAPH_OUTPUT -> outputs.add(readValueInfo(r, r.readLengthEnd(end)));
                default -> r.skip(wire, end);
            }
        }
        List<ValueInfo> feeds = inputs.stream().filter(v -> !initializers.contains(v.name())).toList();
        return new ModelSignature(feeds, outputs);
    }

    private static Optional<String> readTensorName(ProtoReader r, long end) throws IOException {
        String name = null;
        while (true) {
            long tag = r.readTag(end);
            if (tag < 0) {
                return Optional.ofNullable(name);
            }
            if ((tag >>> 3) == TENSOR_NAME && (tag & 7) == ProtoReader.LEN) {
                name = r.readString(end);
            } else {
                r.skip((int) (tag & 7), end);
            }
        }
    }

    private static ValueInfo readValueInfo(ProtoReader r, long end) throws IOException {
        r.retain(OBJECT_CHARGE, "graph inputs and outputs");
        String name = "";
        ValueType type = null;
        while (true) {
            long tag = r.readTag(end);
            if (tag < 0) {
                break;
            }
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            if (field == VALUE_INFO_NAME && wire == ProtoReader.LEN) {
                name = r.readString(end);
            } else if (field == VALUE_INFO_TYPE && wire == ProtoReader.LEN) {
                type = readType(r, r.readLengthEnd(end), 1);
            } else {
                r.skip(wire, end);
            }
        }
        if (type == null) {
            throw new InvalidModelException("Graph value '" + name + "' declares no type; cannot build a signature");
        }
        return new ValueInfo(name, type);
    }

    private static ValueType readType(ProtoReader r, long end, int depth) throws IOException {
        if (depth > MAX_TYPE_DEPTH) {
            throw new IOException("Malformed protobuf: types nested more than " + MAX_TYPE_DEPTH + " deep at byte "
                    + r.position() + "; this is not a plausible model signature");
        }
        r.retain(OBJECT_CHARGE, "types");
        ValueType type = null;
        while (true) {
            long tag = r.readTag(end);
            if (tag < 0) {
                break;
            }
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            if (wire != ProtoReader.LEN) {
                r.skip(wire, end);
                continue;
            }
            long e = r.readLengthEnd(end);
            switch (field) {
                case TYPE_TENSOR -> {
                    TensorParts p = readTensorType(r, e);
                    type = new ValueType.Tensor(p.element, p.shape);
                }
                case TYPE_SPARSE_TENSOR -> {
                    TensorParts p = readTensorType(r, e);
                    type = new ValueType.SparseTensor(p.element, p.shape);
                }
                case TYPE_SEQUENCE -> type = new ValueType.Sequence(readNestedType(r, e, 1, "sequence", depth));
                case TYPE_OPTIONAL -> type = new ValueType.OptionalType(readNestedType(r, e, 1, "optional", depth));
                case TYPE_MAP -> type = readMapType(r, e, depth);
                default -> {
                }
            }
            r.skipTo(e);
        }
        if (type == null) {
            throw new InvalidModelException("A graph value has a type this reader does not know (TypeProto with no "
                    + "tensor, sequence, map, optional or sparse tensor)");
        }
        return type;
    }

    private record TensorParts(ElementType element, Optional<List<Dimension>> shape) {
    }

    private static TensorParts readTensorType(ProtoReader r, long end) throws IOException {
        ElementType element = ElementType.UNDEFINED;
        List<Dimension> shape = null;
        while (true) {
            long tag = r.readTag(end);
            if (tag < 0) {
                break;
            }
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            if (field == 1 && wire == ProtoReader.VARINT) {
                element = elementType(r.readVarint());
            } else if (field == 2 && wire == ProtoReader.LEN) {
                shape = readShape(r, r.readLengthEnd(end));
            } else {
                r.skip(wire, end);
            }
        }
        return new TensorParts(element, Optional.ofNullable(shape));
    }

    private static ElementType elementType(long code) {
        try {
            return ElementType.ofCode((int) code);
        } catch (IllegalArgumentException e) {
            throw new InvalidModelException("The model uses element type code " + code
                    + ", which this library does not know; upgrade mlops");
        }
    }

    private static List<Dimension> readShape(ProtoReader r, long end) throws IOException {
        List<Dimension> dims = new ArrayList<>();
        while (true) {
            long tag = r.readTag(end);
            if (tag < 0) {
                return dims;
            }
            if ((tag >>> 3) == 1 && (tag & 7) == ProtoReader.LEN) {
                long e = r.readLengthEnd(end);
                Dimension d = Dimension.unknown();
                while (true) {
                    long t = r.readTag(e);
                    if (t < 0) {
                        break;
                    }
                    int f = (int) (t >>> 3);
                    int w = (int) (t & 7);
                    if (f == 1 && w == ProtoReader.VARINT) {
                        long v = r.readVarint();
                        d = v >= 0 ? Dimension.of(v) : Dimension.unknown();
                    } else if (f == 2 && w == ProtoReader.LEN) {
                        String p = r.readString(e);
                        d = p.isEmpty() ? Dimension.unknown() : Dimension.symbolic(p);
                    } else {
                        r.skip(w, e);
                    }
                }
                r.retain(OBJECT_CHARGE, "dimensions");
                dims.add(d);
            } else {
                r.skip((int) (tag & 7), end);
            }
        }
    }

    private static ValueType readNestedType(ProtoReader r, long end, int field, String what, int depth)
            throws IOException {
        ValueType inner = null;
        while (true) {
            long tag = r.readTag(end);
            if (tag < 0) {
                break;
            }
            if ((tag >>> 3) == field && (tag & 7) == ProtoReader.LEN) {
                inner = readType(r, r.readLengthEnd(end), depth + 1);
            } else {
                r.skip((int) (tag & 7), end);
            }
        }
        if (inner == null) {
            throw new InvalidModelException("A " + what + " type declares no element type");
        }
        return inner;
    }

    private static ValueType readMapType(ProtoReader r, long end, int depth) throws IOException {
        ElementType key = null;
        ValueType value = null;
        while (true) {
            long tag = r.readTag(end);
            if (tag < 0) {
                break;
            }
            int f = (int) (tag >>> 3);
            int w = (int) (tag & 7);
            if (f == 1 && w == ProtoReader.VARINT) {
                key = elementType(r.readVarint());
            } else if (f == 2 && w == ProtoReader.LEN) {
                value = readType(r, r.readLengthEnd(end), depth + 1);
            } else {
                r.skip(w, end);
            }
        }
        if (key == null || value == null) {
            throw new InvalidModelException("A map type declares no key or value type");
        }
        return new ValueType.MapType(key, value);
    }
}
