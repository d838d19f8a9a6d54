package dev.mlops.serving.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds every tensor of an ONNX model that keeps its data in an external file ({@code data_location = EXTERNAL}, or
 * {@code external_data} entries): graph initializers and sparse initializers, tensors in node attributes (e.g.
 * {@code Constant}), in subgraphs (If/Loop/Scan bodies) and in model-local functions, at any nesting depth up to
 * {@link #MAX_DEPTH}. Reads the protobuf wire format directly (no generated classes), skipping every field it does not
 * need, so it accepts what a protobuf parser accepts. Stateless and thread-safe. Not API.
 */
public final class OnnxExternalData {
    /** Deeper nesting of messages than this is refused (a hostile file could otherwise exhaust the stack). */
    public static final int MAX_DEPTH = 64;

    private OnnxExternalData() {
    }

    /** One tensor with external data: its name and the {@code location} it names (may be empty if missing). */
    public record Reference(String tensor, String location) {
    }

    /** The input is not a well-formed protobuf message, or nests deeper than {@link #MAX_DEPTH}. */
    public static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message);
        }
    }

    // message kinds
    private static final int MODEL = 0, GRAPH = 1, NODE = 2, ATTRIBUTE = 3, TENSOR = 4, SPARSE = 5, FUNCTION = 6,
            ENTRY = 7;

    /** The external references of the model in {@code bytes}, in file order. */
    public static List<Reference> scan(byte[] bytes) throws MalformedException {
        List<Reference> out = new ArrayList<>();
        new Walker(bytes, out).message(MODEL, 0, bytes.length, 0);
        return out;
    }

    private static final class Walker {
        private final byte[] b;
        private final List<Reference> out;
        private int pos;

        Walker(byte[] b, List<Reference> out) {
            this.b = b;
            this.out = out;
        }

        /** Walks the message in [start, end) of kind {@code kind}; for TENSOR and ENTRY returns what it found. */
        String[] message(int kind, int start, int end, int depth) throws MalformedException {
            if (depth > MAX_DEPTH) {
                throw new MalformedException("messages nest deeper than " + MAX_DEPTH + " levels");
            }
            pos = start;
            String name = "";
            String location = null;
            boolean external = false;
            String key = null;
            String value = null;
            while (pos < end) {
                long tag = varint(end);
                int field = (int) (tag >>> 3);
                int wire = (int) (tag & 7);
                if (field <= 0) {
                    throw new MalformedException("field number " + field + " at byte " + pos);
                }
                if (wire == 2) {
                    long len = varint(end);
                    if (len < 0 || len > end - pos) {
                        throw new MalformedException("length " + len + " past the end at byte " + pos);
                    }
                    int s = pos;
                    int e = (int) (s + len);
                    int child = child(kind, field);
                    if (child >= 0) {
                        String[] found = message(child, s, e, depth + 1);
                        if (kind == TENSOR && child == ENTRY && "location".equals(found[0])) {
                            location = found[1];
                            external = true;
                        } else if (kind == TENSOR && child == ENTRY) {
                            external = true;
                        }
                    } else if (kind == TENSOR && field == 8) {
                        name = new String(b, s, e - s, StandardCharsets.UTF_8);
                    } else if (kind == ENTRY && field == 1) {
                        key = new String(b, s, e - s, StandardCharsets.UTF_8);
                    } else if (kind == ENTRY && field == 2) {
                        value = new String(b, s, e - s, StandardCharsets.UTF_8);
                    }
                    pos = e;
                } else if (wire == 0) {
                    long v = varint(end);
                    if (kind == TENSOR && field == 14 && v == 1) {
                        external = true; // data_location = EXTERNAL
                    }
                } else if (wire == 1) {
                    skip(8, end);
                } else if (wire == 5) {
                    skip(4, end);
                } else if (wire == 3) {
                    group(field, end, depth + 1);
                } else {
                    throw new MalformedException("wire type " + wire + " at byte " + pos);
                }
            }
            if (pos != end) {
                throw new MalformedException("message overruns its length");
            }
            if (kind == TENSOR && external) {
                out.add(new Reference(name, location == null ? "" : location));
            }
            return kind == ENTRY ? new String[]{key, value} : null;
        }

        /** The kind of the sub-message in field {@code field} of a {@code kind} message, or -1 if not walked. */
        private static int child(int kind, int field) {
            switch (kind) {
                case MODEL:
                    return field == 7 ? GRAPH : field == 25 ? FUNCTION : -1;
                case GRAPH:
                    return field == 1 ? NODE : field == 5 ? TENSOR : field == 15 ? SPARSE : -1;
                case NODE:
                    return field == 5 ? ATTRIBUTE : -1;
                case FUNCTION:
                    return field == 7 ? NODE : -1;
                case ATTRIBUTE:
                    if (field == 5 || field == 10) {
                        return TENSOR;
                    }
                    if (field == 6 || field == 11) {
                        return GRAPH;
                    }
                    return field == 22 || field == 23 ? SPARSE : -1;
                case SPARSE:
                    return field == 1 || field == 2 ? TENSOR : -1;
                case TENSOR:
                    return field == 13 ? ENTRY : -1;
                default:
                    return -1;
            }
        }

        private void group(int field, int end, int depth) throws MalformedException {
            if (depth > MAX_DEPTH) {
                throw new MalformedException("groups nest deeper than " + MAX_DEPTH + " levels");
            }
            while (pos < end) {
                long tag = varint(end);
                int wire = (int) (tag & 7);
                if (wire == 4) {
                    if ((int) (tag >>> 3) != field) {
                        throw new MalformedException("unbalanced group at byte " + pos);
                    }
                    return;
                }
                if (wire == 0) {
                    varint(end);
                } else if (wire == 1) {
                    skip(8, end);
                } else if (wire == 5) {
                    skip(4, end);
                } else if (wire == 2) {
                    long len = varint(end);
                    if (len < 0 || len > end - pos) {
                        throw new MalformedException("length past the end at byte " + pos);
                    }
                    pos += (int) len;
                } else if (wire == 3) {
                    group((int) (tag >>> 3), end, depth + 1);
                } else {
                    throw new MalformedException("wire type " + wire + " at byte " + pos);
                }
            }
            throw new MalformedException("unterminated group");
        }

        private void skip(int n, int end) throws MalformedException {
            if (end - pos < n) {
                throw new MalformedException("truncated at byte " + pos);
            }
            pos += n;
        }

        private long varint(int end) throws MalformedException {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) {
                    throw new MalformedException("truncated varint at byte " + pos);
                }
                byte x = b[pos++];
                v |= (long) (x & 0x7f) << shift;
                if (x >= 0) {
                    return v;
                }
            }
            throw new MalformedException("varint longer than 10 bytes at byte " + pos);
        }
    }
}
