package dev.mlops.serving.internal;

/**
 * Writes a float as ASCII text into a byte array, exactly as {@link Float#toString(float)} spells it. Stateless and
 * thread-safe.
 */
public final class FloatText {
    /** The longest text {@link #write} produces ({@code -1.17549435E-38} is 15 bytes). */
    public static final int MAX_LENGTH = 16;

    private FloatText() {
    }

    /** Writes {@code f} at {@code b[at]}; returns the index after the last byte written. */
    public static int write(float f, byte[] b, int at) {
        String s = Float.toString(f);
        for (int i = 0, n = s.length(); i < n; i++) {
            b[at++] = (byte) s.charAt(i);
        }
        return at;
    }
}
