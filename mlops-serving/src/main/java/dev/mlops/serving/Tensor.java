package dev.mlops.serving;

import dev.mlops.serving.internal.HalfFloats;

import java.util.Arrays;
import java.util.Objects;

/**
 * A dense tensor held in a Java array: an {@link ElementType}, a shape and the elements flattened in row-major order.
 * Rank-0 (scalar, shape {@code []}, one element) and empty tensors (a dimension of 0, no elements) are valid.
 *
 * <p>To keep the prediction path free of copies, the {@code of…} factories <em>wrap</em> the array they are given and
 * the {@code …Data()} accessors return the backing array: do not modify an array after handing it in, nor one obtained
 * from a tensor you did not create. The exceptions are {@link #ofRows(float[][])} and the conversion factories
 * ({@link #ofFloat16(float[], long...)}, {@link #ofBfloat16(float[], long...)}), which fill a new array. Under that
 * rule a tensor is immutable and safe to share between threads.
 */
public final class Tensor {
    private static final long[] SCALAR = new long[0];

    private final ElementType type;
    private final long[] shape;
    private final Object data;
    private final int size;

    private Tensor(ElementType type, long[] shape, Object data, int length) {
        this.type = type;
        this.shape = shape;
        this.data = data;
        this.size = length;
    }

    /**
     * A tensor of {@code type} over {@code data}, which must be the carrier array of that type (see
     * {@link ElementType}) with exactly as many elements as the shape holds.
     *
     * @throws IllegalArgumentException if the array is of the wrong class, a dimension is negative, or the length does
     *                                  not match the shape
     */
    public static Tensor of(ElementType type, Object data, long... shape) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(shape, "shape");
        Class<?> expected = carrierClass(type);
        if (data.getClass() != expected) {
            throw new IllegalArgumentException("a " + type + " tensor needs a " + expected.getSimpleName()
                    + ", given a " + data.getClass().getSimpleName());
        }
        int length = java.lang.reflect.Array.getLength(data);
        long[] s = shape.length == 0 ? SCALAR : shape.clone();
        long count = elementCount(s);
        if (count != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(s) + " holds " + count
                    + " elements but the data has " + length + "; pass a flat row-major array of exactly that length");
        }
        if (type == ElementType.STRING) {
            for (String str : (String[]) data) {
                Objects.requireNonNull(str, "string tensors cannot hold null elements");
            }
        }
        return new Tensor(type, s, data, length);
    }

    /** A float32 tensor over {@code data} with {@code shape} (wraps, does not copy). */
    public static Tensor ofFloats(float[] data, long... shape) {
        return of(ElementType.FLOAT, data, shape);
    }

    /** A float32 matrix {@code [rows.length, rows[0].length]} copied from rows of equal length. */
    public static Tensor ofRows(float[][] rows) {
        Objects.requireNonNull(rows, "rows");
        int width = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[Math.multiplyExact(rows.length, width)];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != width) {
                throw new IllegalArgumentException("row " + r + " has " + rows[r].length + " values, row 0 has "
                        + width + "; every row must have the same length");
            }
            System.arraycopy(rows[r], 0, flat, r * width, width);
        }
        return new Tensor(ElementType.FLOAT, new long[]{rows.length, width}, flat, flat.length);
    }

    /** A float64 tensor (wraps). */
    public static Tensor ofDoubles(double[] data, long... shape) {
        return of(ElementType.DOUBLE, data, shape);
    }

    /** An int64 tensor (wraps). */
    public static Tensor ofLongs(long[] data, long... shape) {
        return of(ElementType.INT64, data, shape);
    }

    /** An int32 tensor (wraps). */
    public static Tensor ofInts(int[] data, long... shape) {
        return of(ElementType.INT32, data, shape);
    }

    /** An int16 tensor (wraps). */
    public static Tensor ofShorts(short[] data, long... shape) {
        return of(ElementType.INT16, data, shape);
    }

    /** An int8 tensor (wraps). */
    public static Tensor ofBytes(byte[] data, long... shape) {
        return of(ElementType.INT8, data, shape);
    }

    /** A uint8 tensor over the bit patterns in {@code data} (wraps). */
    public static Tensor ofUnsignedBytes(byte[] data, long... shape) {
        return of(ElementType.UINT8, data, shape);
    }

    /** A bool tensor (wraps). */
    public static Tensor ofBooleans(boolean[] data, long... shape) {
        return of(ElementType.BOOL, data, shape);
    }

    /** A string tensor (wraps). */
    public static Tensor ofStrings(String[] data, long... shape) {
        return of(ElementType.STRING, data, shape);
    }

    /** A float16 tensor over raw IEEE half bits (wraps). */
    public static Tensor ofFloat16Bits(short[] bits, long... shape) {
        return of(ElementType.FLOAT16, bits, shape);
    }

    /** A float16 tensor converted from floats (round to nearest even). */
    public static Tensor ofFloat16(float[] values, long... shape) {
        short[] bits = new short[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = HalfFloats.floatToHalf(values[i]);
        }
        return of(ElementType.FLOAT16, bits, shape);
    }

    /** A bfloat16 tensor over raw bits (wraps). */
    public static Tensor ofBfloat16Bits(short[] bits, long... shape) {
        return of(ElementType.BFLOAT16, bits, shape);
    }

    /** A bfloat16 tensor converted from floats (round to nearest even). */
    public static Tensor ofBfloat16(float[] values, long... shape) {
        short[] bits = new short[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = HalfFloats.floatToBfloat16(values[i]);
        }
        return of(ElementType.BFLOAT16, bits, shape);
    }

    /** A rank-0 float32 tensor. */
    public static Tensor scalar(float value) {
        return new Tensor(ElementType.FLOAT, SCALAR, new float[]{value}, 1);
    }

    /** A rank-0 int64 tensor. */
    public static Tensor scalar(long value) {
        return new Tensor(ElementType.INT64, SCALAR, new long[]{value}, 1);
    }

    /** Package-private fast path for outputs: the shape is trusted and not cloned. */
    static Tensor trusted(ElementType type, long[] shape, Object data, int length) {
        return new Tensor(type, shape, data, length);
    }

    /** The element type. */
    public ElementType type() {
        return type;
    }

    /** A copy of the shape; {@code []} for a scalar. */
    public long[] shape() {
        return shape.clone();
    }

    /** The number of dimensions (0 for a scalar). */
    public int rank() {
        return shape.length;
    }

    /** Dimension {@code i} of the shape. */
    public long dim(int i) {
        return shape[i];
    }

    /** The number of elements (1 for a scalar, 0 for an empty tensor). */
    public int size() {
        return size;
    }

    /** The backing array (its class depends on {@link #type()}; see {@link ElementType}). Do not modify. */
    public Object data() {
        return data;
    }

    /** The backing {@code float[]} of a float32 tensor. */
    public float[] floatData() {
        return (float[]) require(ElementType.FLOAT);
    }

    /** The backing {@code double[]} of a float64 tensor. */
    public double[] doubleData() {
        return (double[]) require(ElementType.DOUBLE);
    }

    /** The backing {@code long[]} of an int64 tensor. */
    public long[] longData() {
        return (long[]) require(ElementType.INT64);
    }

    /** The backing {@code int[]} of an int32 tensor. */
    public int[] intData() {
        return (int[]) require(ElementType.INT32);
    }

    /** The backing {@code short[]} of an int16, float16 (bits) or bfloat16 (bits) tensor. */
    public short[] shortData() {
        if (type != ElementType.INT16 && type != ElementType.FLOAT16 && type != ElementType.BFLOAT16) {
            throw wrongType("int16, float16 or bfloat16");
        }
        return (short[]) data;
    }

    /** The backing {@code byte[]} of an int8 or uint8 tensor. */
    public byte[] byteData() {
        if (type != ElementType.INT8 && type != ElementType.UINT8) {
            throw wrongType("int8 or uint8");
        }
        return (byte[]) data;
    }

    /** The backing {@code boolean[]} of a bool tensor. */
    public boolean[] booleanData() {
        return (boolean[]) require(ElementType.BOOL);
    }

    /** The backing {@code String[]} of a string tensor. */
    public String[] stringData() {
        return (String[]) require(ElementType.STRING);
    }

    /** A new float array with every element converted to float (any numeric or bool type; bool is 0 or 1). */
    public float[] floatValues() {
        if (type == ElementType.STRING) {
            throw wrongType("a numeric type");
        }
        float[] out = new float[size];
        for (int i = 0; i < size; i++) {
            out[i] = (float) getDouble(i);
        }
        return out;
    }

    /**
     * Element {@code flatIndex} (row-major) as a double: numeric types convert exactly where a double can hold them,
     * uint8 is unsigned, bool is 0 or 1.
     */
    public double getDouble(int flatIndex) {
        Objects.checkIndex(flatIndex, size);
        switch (type) {
            case FLOAT: return ((float[]) data)[flatIndex];
            case DOUBLE: return ((double[]) data)[flatIndex];
            case FLOAT16: return HalfFloats.halfToFloat(((short[]) data)[flatIndex]);
            case BFLOAT16: return HalfFloats.bfloat16ToFloat(((short[]) data)[flatIndex]);
            case INT8: return ((byte[]) data)[flatIndex];
            case UINT8: return Byte.toUnsignedInt(((byte[]) data)[flatIndex]);
            case INT16: return ((short[]) data)[flatIndex];
            case INT32: return ((int[]) data)[flatIndex];
            case INT64: return ((long[]) data)[flatIndex];
            case BOOL: return ((boolean[]) data)[flatIndex] ? 1 : 0;
            default: throw wrongType("a numeric type");
        }
    }

    /** Element {@code flatIndex} as a Java object ({@code Float}, {@code Long}, {@code Boolean}, {@code String} …). */
    public Object getObject(int flatIndex) {
        Objects.checkIndex(flatIndex, size);
        switch (type) {
            case FLOAT16: case BFLOAT16: return (float) getDouble(flatIndex);
            case UINT8: return Byte.toUnsignedInt(((byte[]) data)[flatIndex]);
            default: return java.lang.reflect.Array.get(data, flatIndex);
        }
    }

    private Object require(ElementType expected) {
        if (type != expected) {
            throw wrongType(expected.numpyName());
        }
        return data;
    }

    private IllegalStateException wrongType(String expected) {
        return new IllegalStateException("this tensor holds " + type + ", not " + expected
                + "; use data() or getDouble(i) for type-independent access");
    }

    static Class<?> carrierClass(ElementType type) {
        switch (type) {
            case FLOAT: return float[].class;
            case DOUBLE: return double[].class;
            case FLOAT16: case BFLOAT16: case INT16: return short[].class;
            case INT8: case UINT8: return byte[].class;
            case INT32: return int[].class;
            case INT64: return long[].class;
            case BOOL: return boolean[].class;
            case STRING: return String[].class;
            default: throw new AssertionError(type);
        }
    }

    static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("dimensions must be >= 0, given shape " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n
                    + " elements, more than a Java array can");
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Tensor)) {
            return false;
        }
        Tensor t = (Tensor) o;
        return type == t.type && Arrays.equals(shape, t.shape) && Arrays.deepEquals(new Object[]{data}, new Object[]{t.data});
    }

    @Override
    public int hashCode() {
        return 31 * (31 * type.hashCode() + Arrays.hashCode(shape)) + Arrays.deepHashCode(new Object[]{data});
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor[").append(type).append(' ').append(Arrays.toString(shape)).append(": ");
        int n = Math.min(size, 8);
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ", ").append(getObject(i));
        }
        return sb.append(size > n ? ", …]" : "]").toString();
    }
}
