package dev.mlops.serving.internal;

import dev.mlops.serving.ElementType;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Converts loosely typed Java values (numbers, booleans, strings, as JSON or CSV readers produce them) to the carrier
 * array of an element type. Stateless and thread-safe.
 */
public final class ElementConversion {
    private ElementConversion() {
    }

    /** Thrown for a value that does not convert; the message names where it was found. */
    public static final class ConversionException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        ConversionException(String message) {
            super(message);
        }
    }

    /**
     * The carrier array of {@code type} holding {@code values} converted. {@code where.apply(i)} describes element
     * {@code i} for error messages (e.g. "row 3, column 'age'").
     */
    public static Object toCarrier(ElementType type, List<?> values, IntFunction<String> where) {
        int n = values.size();
        switch (type) {
            case FLOAT: {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    a[i] = toFloat(values.get(i), type, where, i);
                }
                return a;
            }
            case DOUBLE: {
                double[] a = new double[n];
                for (int i = 0; i < n; i++) {
                    a[i] = toDouble(values.get(i), type, where, i);
                }
                return a;
            }
            case FLOAT16: {
                short[] a = new short[n];
                for (int i = 0; i < n; i++) {
                    a[i] = HalfFloats.floatToHalf((float) toDouble(values.get(i), type, where, i));
                }
                return a;
            }
            case BFLOAT16: {
                short[] a = new short[n];
                for (int i = 0; i < n; i++) {
                    a[i] = HalfFloats.floatToBfloat16((float) toDouble(values.get(i), type, where, i));
                }
                return a;
            }
            case INT8: {
                byte[] a = new byte[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (byte) toLong(values.get(i), type, Byte.MIN_VALUE, Byte.MAX_VALUE, where, i);
                }
                return a;
            }
            case UINT8: {
                byte[] a = new byte[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (byte) toLong(values.get(i), type, 0, 255, where, i);
                }
                return a;
            }
            case INT16: {
                short[] a = new short[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (short) toLong(values.get(i), type, Short.MIN_VALUE, Short.MAX_VALUE, where, i);
                }
                return a;
            }
            case INT32: {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (int) toLong(values.get(i), type, Integer.MIN_VALUE, Integer.MAX_VALUE, where, i);
                }
                return a;
            }
            case INT64: {
                long[] a = new long[n];
                for (int i = 0; i < n; i++) {
                    a[i] = toLong(values.get(i), type, Long.MIN_VALUE, Long.MAX_VALUE, where, i);
                }
                return a;
            }
            case BOOL: {
                boolean[] a = new boolean[n];
                for (int i = 0; i < n; i++) {
                    a[i] = toBoolean(values.get(i), where, i);
                }
                return a;
            }
            case STRING: {
                String[] a = new String[n];
                for (int i = 0; i < n; i++) {
                    Object v = values.get(i);
                    if (v == null) {
                        throw new ConversionException(where.apply(i) + ": missing value (null) for a string input");
                    }
                    a[i] = v.toString();
                }
                return a;
            }
            default:
                throw new AssertionError(type);
        }
    }

    /**
     * A float32 value: numbers narrowed from double; text parsed by {@link Float#parseFloat} (correctly rounded to
     * float, which narrowing {@code Double.parseDouble} is not always: it can round twice).
     */
    private static float toFloat(Object v, ElementType type, IntFunction<String> where, int i) {
        if (v instanceof String) {
            String s = ((String) v).strip();
            try {
                return Float.parseFloat(s);
            } catch (NumberFormatException e) {
                return (float) toDouble(v, type, where, i); // inf, nan … or the error naming the value
            }
        }
        return (float) toDouble(v, type, where, i);
    }

    private static double toDouble(Object v, ElementType type, IntFunction<String> where, int i) {
        if (v instanceof Number) {
            return ((Number) v).doubleValue();
        }
        if (v instanceof Boolean) {
            return (Boolean) v ? 1 : 0;
        }
        if (v instanceof String) {
            String s = ((String) v).strip();
            switch (s.toLowerCase(java.util.Locale.ROOT)) {
                case "nan": return Double.NaN;
                case "inf": case "infinity": case "+inf": return Double.POSITIVE_INFINITY;
                case "-inf": case "-infinity": return Double.NEGATIVE_INFINITY;
                default: break;
            }
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new ConversionException(where.apply(i) + ": '" + v + "' is not a number (expected " + type + ")");
            }
        }
        throw new ConversionException(where.apply(i) + ": " + (v == null ? "missing value (null)" : "'" + v + "'")
                + " is not a number (expected " + type + ")");
    }

    private static long toLong(Object v, ElementType type, long min, long max, IntFunction<String> where, int i) {
        long r;
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            r = ((Number) v).longValue();
        } else if (v instanceof BigInteger) {
            try {
                r = ((BigInteger) v).longValueExact();
            } catch (ArithmeticException e) {
                throw new ConversionException(where.apply(i) + ": " + v + " is out of range for " + type);
            }
        } else if (v instanceof Boolean) {
            r = (Boolean) v ? 1 : 0;
        } else if (v instanceof Number || v instanceof String) {
            try {
                BigDecimal d = new BigDecimal(v.toString().strip());
                r = d.toBigIntegerExact().longValueExact();
            } catch (NumberFormatException | ArithmeticException e) {
                throw new ConversionException(where.apply(i) + ": '" + v + "' is not an integer (expected " + type + ")");
            }
        } else {
            throw new ConversionException(where.apply(i) + ": " + (v == null ? "missing value (null)" : "'" + v + "'")
                    + " is not an integer (expected " + type + ")");
        }
        if (r < min || r > max) {
            throw new ConversionException(where.apply(i) + ": " + r + " is out of range for " + type + " [" + min
                    + ", " + max + "]");
        }
        return r;
    }

    private static boolean toBoolean(Object v, IntFunction<String> where, int i) {
        if (v instanceof Boolean) {
            return (Boolean) v;
        }
        if (v instanceof Number) {
            return ((Number) v).doubleValue() != 0;
        }
        if (v instanceof String) {
            String s = ((String) v).strip().toLowerCase(java.util.Locale.ROOT);
            if (s.equals("true") || s.equals("1")) {
                return true;
            }
            if (s.equals("false") || s.equals("0")) {
                return false;
            }
        }
        throw new ConversionException(where.apply(i) + ": " + (v == null ? "missing value (null)" : "'" + v + "'")
                + " is not a boolean (expected true/false)");
    }
}
