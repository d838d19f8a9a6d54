package dev.mlops.serving;

import java.util.Locale;
import java.util.Optional;

/**
 * The element types a tensor can hold, each with the name numpy gives it and the Java array that carries it.
 *
 * <p>Half-precision types ({@link #FLOAT16}, {@link #BFLOAT16}) are carried as their raw 16-bit patterns in a
 * {@code short[]}; {@link Tensor#floatValues()} converts them. Unsigned bytes ({@link #UINT8}) are carried in a
 * {@code byte[]} as their two's-complement bit pattern (use {@code Byte.toUnsignedInt}). Enum constants are immutable
 * and thread-safe.
 */
public enum ElementType {
    /** 32-bit IEEE float; carried as {@code float[]}. */
    FLOAT("float32", 4),
    /** 64-bit IEEE float; carried as {@code double[]}. */
    DOUBLE("float64", 8),
    /** IEEE half precision; carried as raw bits in {@code short[]}. */
    FLOAT16("float16", 2),
    /** Brain floating point (the upper half of a float32); carried as raw bits in {@code short[]}. */
    BFLOAT16("bfloat16", 2),
    /** Signed 8-bit integer; carried as {@code byte[]}. */
    INT8("int8", 1),
    /** Signed 16-bit integer; carried as {@code short[]}. */
    INT16("int16", 2),
    /** Signed 32-bit integer; carried as {@code int[]}. */
    INT32("int32", 4),
    /** Signed 64-bit integer; carried as {@code long[]}. */
    INT64("int64", 8),
    /** Unsigned 8-bit integer; carried as {@code byte[]} (bit pattern). */
    UINT8("uint8", 1),
    /** Boolean; carried as {@code boolean[]}. */
    BOOL("bool", 1),
    /** UTF-8 string; carried as {@code String[]}. */
    STRING("string", -1);

    private final String numpyName;
    private final int byteSize;

    ElementType(String numpyName, int byteSize) {
        this.numpyName = numpyName;
        this.byteSize = byteSize;
    }

    /** The dtype name numpy uses ({@code float32}, {@code int64}, {@code bool}, {@code string} …). */
    public String numpyName() {
        return numpyName;
    }

    /** Bytes per element in native memory, or -1 for {@link #STRING}. */
    public int byteSize() {
        return byteSize;
    }

    /**
     * The element type for a numpy dtype name: {@code float32 float64 float16 bfloat16 int8 int16 int32 int64 uint8
     * bool}, and {@code object}, {@code str} or {@code string} (also {@code <U…} unicode dtypes) for strings;
     * {@code float}/{@code double} are accepted as aliases.
     */
    public static Optional<ElementType> fromNumpyName(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (n.startsWith("<u") || n.startsWith("|u") || n.equals("object") || n.equals("str") || n.equals("string")
                || n.equals("o")) {
            return Optional.of(STRING);
        }
        switch (n) {
            case "float": return Optional.of(FLOAT);
            case "double": return Optional.of(DOUBLE);
            case "half": return Optional.of(FLOAT16);
            case "bool_": return Optional.of(BOOL);
            default: break;
        }
        for (ElementType t : values()) {
            if (t.numpyName.equals(n)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return numpyName;
    }
}
