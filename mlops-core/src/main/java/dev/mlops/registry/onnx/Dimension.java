package dev.mlops.registry.onnx;

import java.util.Objects;
import java.util.OptionalLong;
import java.util.Optional;

/**
 * One dimension of a tensor shape: a fixed size ({@code 30}), a symbolic name ({@code batch}) or unknown (ONNX
 * allows a dimension with neither; ONNX Runtime prints it as {@code None}). Immutable and thread-safe.
 */
public final class Dimension {
    private static final Dimension UNKNOWN = new Dimension(-1, null);

    private final long value;
    private final String symbol;

    private Dimension(long value, String symbol) {
        this.value = value;
        this.symbol = symbol;
    }

    /** A fixed dimension of {@code size} (≥ 0). */
    public static Dimension of(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("A fixed dimension is >= 0, found " + size);
        }
        return new Dimension(size, null);
    }

    /** A symbolic dimension named {@code name} (e.g. {@code batch}). */
    public static Dimension symbolic(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("A symbolic dimension needs a non-empty name");
        }
        return new Dimension(-1, name);
    }

    /** A dimension with neither size nor name. */
    public static Dimension unknown() {
        return UNKNOWN;
    }

    /** Whether the dimension has a fixed size. */
    public boolean isFixed() {
        return value >= 0;
    }

    /** The fixed size, if any. */
    public OptionalLong size() {
        return value >= 0 ? OptionalLong.of(value) : OptionalLong.empty();
    }

    /** The symbolic name, if any. */
    public Optional<String> symbol() {
        return Optional.ofNullable(symbol);
    }

    /** The size, the name, or {@code None} when unknown (as ONNX Runtime prints shapes). */
    @Override
    public String toString() {
        return value >= 0 ? Long.toString(value) : symbol != null ? symbol : "None";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dimension d && d.value == value && Objects.equals(d.symbol, symbol);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(value) * 31 + Objects.hashCode(symbol);
    }
}
