package dev.mlops.registry.onnx;

import java.util.Locale;

/**
 * The element type of an ONNX tensor, with the code of {@code TensorProto.DataType} and the name numpy and ONNX
 * Runtime use ({@code float}, {@code int64}, {@code string} …). Immutable and thread-safe.
 */
public enum ElementType {
    UNDEFINED(0, "undefined"),
    FLOAT(1, "float"),
    UINT8(2, "uint8"),
    INT8(3, "int8"),
    UINT16(4, "uint16"),
    INT16(5, "int16"),
    INT32(6, "int32"),
    INT64(7, "int64"),
    STRING(8, "string"),
    BOOL(9, "bool"),
    FLOAT16(10, "float16"),
    DOUBLE(11, "double"),
    UINT32(12, "uint32"),
    UINT64(13, "uint64"),
    COMPLEX64(14, "complex64"),
    COMPLEX128(15, "complex128"),
    BFLOAT16(16, "bfloat16"),
    FLOAT8E4M3FN(17, "float8e4m3fn"),
    FLOAT8E4M3FNUZ(18, "float8e4m3fnuz"),
    FLOAT8E5M2(19, "float8e5m2"),
    FLOAT8E5M2FNUZ(20, "float8e5m2fnuz"),
    UINT4(21, "uint4"),
    INT4(22, "int4"),
    FLOAT4E2M1(23, "float4e2m1");

    private static final ElementType[] BY_CODE;

    static {
        BY_CODE = new ElementType[24];
        for (ElementType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;
    private final String onnxName;

    ElementType(int code, String onnxName) {
        this.code = code;
        this.onnxName = onnxName;
    }

    /** The {@code TensorProto.DataType} code. */
    public int code() {
        return code;
    }

    /** The name ONNX Runtime prints inside {@code tensor(...)}, e.g. {@code float}, {@code int64}. */
    public String onnxName() {
        return onnxName;
    }

    /**
     * The element type with ONNX code {@code code}.
     *
     * @throws IllegalArgumentException for a code this library does not know
     */
    public static ElementType ofCode(int code) {
        if (code < 0 || code >= BY_CODE.length || BY_CODE[code] == null) {
            throw new IllegalArgumentException("Expected an ONNX TensorProto.DataType code 0-" + (BY_CODE.length - 1)
                    + ", found " + code);
        }
        return BY_CODE[code];
    }

    /**
     * The element type named {@code name} ({@code float}, {@code int64}, also numpy's {@code float32},
     * {@code float64}), case-insensitive.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static ElementType ofName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        switch (n) {
            case "float32":
                return FLOAT;
            case "float64":
                return DOUBLE;
            case "object":
                return STRING;
            default:
                for (ElementType t : values()) {
                    if (t.onnxName.equals(n)) {
                        return t;
                    }
                }
        }
        throw new IllegalArgumentException("Unknown element type '" + name + "'; expected one of float, double, int64, "
                + "int32, int8, uint8, bool, string, float16, bfloat16 …");
    }
}
