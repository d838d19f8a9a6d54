package dev.mlops.benchmarks.serving;

import dev.mlops.serving.internal.AsciiNumbers;
import dev.mlops.serving.internal.FloatText;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The batch scorer's number text, per value (ns/op, 1 024 values per invocation): parsing a CSV field of a
 * {@code %.4f} measurement ({@code a_jdkParseFloat}: {@code Float.parseFloat} of a substring, what a String-based reader
 * does; {@code b_asciiField}: {@code AsciiNumbers.parseFloatField} on the bytes) and writing a probability
 * ({@code c_jdkToString}: JDK 17's {@code Float.toString} as bytes; {@code d_floatText}: {@code FloatText.write}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class NumberTextBenchmark {
    private static final int N = 1024;
    private byte[] csv;
    private String csvText;
    private int[] starts;
    private float[] floats;
    private final float[] parsed = new float[N];
    private final byte[] out = new byte[N * 20];

    @Setup
    public void setUp() {
        SplittableRandom r = new SplittableRandom(7);
        StringBuilder sb = new StringBuilder();
        starts = new int[N];
        floats = new float[N];
        for (int i = 0; i < N; i++) {
            starts[i] = sb.length();
            sb.append(String.format(Locale.ROOT, "%.4f", r.nextGaussian() * 10 + 15)).append(',');
            floats[i] = (float) r.nextDouble();
        }
        csvText = sb.toString();
        csv = csvText.getBytes(StandardCharsets.US_ASCII);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public float[] a_jdkParseFloat() {
        for (int i = 0; i < N; i++) {
            int end = csvText.indexOf(',', starts[i]);
            parsed[i] = Float.parseFloat(csvText.substring(starts[i], end));
        }
        return parsed;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public float[] b_asciiField() {
        int at = 0;
        for (int i = 0; i < N; i++) {
            at = AsciiNumbers.parseFloatField(csv, at, csv.length, parsed, i) + 1;
        }
        return parsed;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public byte[] c_jdkToString() {
        int at = 0;
        for (int i = 0; i < N; i++) {
            String s = Float.toString(floats[i]);
            for (int k = 0; k < s.length(); k++) {
                out[at++] = (byte) s.charAt(k);
            }
        }
        return out;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public byte[] d_floatText() {
        int at = 0;
        for (int i = 0; i < N; i++) {
            at = FloatText.write(floats[i], out, at);
        }
        return out;
    }
}
