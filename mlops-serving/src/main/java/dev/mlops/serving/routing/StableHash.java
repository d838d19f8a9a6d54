package dev.mlops.serving.routing;

import java.nio.charset.StandardCharsets;

/**
 * The stable hash behind sticky assignment: MurmurHash3 x86 32-bit, seed 0, over the UTF-8 bytes of
 * {@code salt + "\u0000" + key}, read as an unsigned 32-bit number and divided by 2<sup>32</sup> to give a point in
 * [0, 1). Any implementation of that definition (Guava's {@code Hashing.murmur3_32_fixed()}, Python's
 * {@code mmh3.hash(s, 0, signed=False)}) assigns every key to the same point, so every JVM of a fleet agrees without
 * coordination. Stateless and thread-safe.
 */
public final class StableHash {
    private StableHash() {
    }

    /** MurmurHash3 x86 32-bit of {@code data} with {@code seed}. */
    @SuppressWarnings("fallthrough") // MurmurHash3's tail: each case falls through on purpose
    public static int murmur3(byte[] data, int seed) {
        int h = seed;
        int n = data.length;
        int blocks = n >>> 2;
        for (int i = 0; i < blocks; i++) {
            int k = (data[4 * i] & 0xff) | (data[4 * i + 1] & 0xff) << 8 | (data[4 * i + 2] & 0xff) << 16
                    | (data[4 * i + 3] & 0xff) << 24;
            k *= 0xcc9e2d51;
            k = Integer.rotateLeft(k, 15);
            k *= 0x1b873593;
            h ^= k;
            h = Integer.rotateLeft(h, 13);
            h = h * 5 + 0xe6546b64;
        }
        int k = 0;
        int tail = blocks * 4;
        switch (n & 3) {
            case 3: k ^= (data[tail + 2] & 0xff) << 16; // fall through
            case 2: k ^= (data[tail + 1] & 0xff) << 8; // fall through
            case 1:
                k ^= data[tail] & 0xff;
                k *= 0xcc9e2d51;
                k = Integer.rotateLeft(k, 15);
                k *= 0x1b873593;
                h ^= k;
                break;
            default:
                break;
        }
        h ^= n;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    /** The point in [0, 1) of {@code key} under {@code salt} (see the class documentation). */
    public static double unitPoint(String salt, String key) {
        byte[] bytes = (salt + '\u0000' + key).getBytes(StandardCharsets.UTF_8);
        return (murmur3(bytes, 0) & 0xffffffffL) / 4294967296.0;
    }
}
