package dev.mlops.benchmarks.store;

import dev.mlops.registry.spi.BlobInfo;
import dev.mlops.registry.spi.Digest;
import dev.mlops.registry.store.FileStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Blob put and get on the file store against a baseline that does only the unavoidable work on the same bytes:
 * put = copy from memory to a file + SHA-256 + fsync; get = read the file + SHA-256. Every put stores new content (the
 * first 8 bytes carry a counter), so the store never takes its "already there" shortcut.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 3)
public class BlobThroughputBenchmark {
    @Param({"1048576", "104857600"})
    public int size;

    private Path dir;
    private FileStore store;
    private byte[] content;
    private long counter;
    private Digest stored;
    private Path storedBaseline;
    private Path lastBaseline;
    private Digest lastPut;
    private final byte[] buffer = new byte[1 << 20];

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("mlops-bench-blobs-");
        store = FileStore.open(dir.resolve("store"));
        content = new byte[size];
        new Random(1).nextBytes(content);
        stored = store.put(new ByteArrayInputStream(content)).digest();
        storedBaseline = dir.resolve("baseline-read");
        baselineWrite(storedBaseline);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        store.close();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Setup(Level.Invocation)
    public void nextContent() {
        counter++;
        for (int i = 0; i < 8; i++) {
            content[i] = (byte) (counter >>> (8 * i));
        }
    }

    @TearDown(Level.Invocation)
    public void removeWritten() throws IOException {
        if (lastPut != null) {
            store.delete(lastPut);
            lastPut = null;
        }
        if (lastBaseline != null) {
            Files.deleteIfExists(lastBaseline);
            lastBaseline = null;
        }
    }

    @Benchmark
    public BlobInfo putFileStore() {
        BlobInfo info = store.put(new ByteArrayInputStream(content));
        lastPut = info.digest();
        return info;
    }

    @Benchmark
    public byte[] putBaselineCopySha256Fsync() throws IOException {
        lastBaseline = dir.resolve("baseline-" + counter);
        return baselineWrite(lastBaseline);
    }

    @Benchmark
    public void getFileStore(Blackhole bh) throws IOException {
        try (InputStream in = store.get(stored)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                bh.consume(n);
            }
        }
    }

    @Benchmark
    public byte[] getBaselineReadSha256() throws IOException {
        MessageDigest md = Digest.newMessageDigest();
        try (InputStream in = Files.newInputStream(storedBaseline)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                md.update(buffer, 0, n);
            }
        }
        return md.digest();
    }

    private byte[] baselineWrite(Path target) throws IOException {
        MessageDigest md = Digest.newMessageDigest();
        InputStream in = new ByteArrayInputStream(content);
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            int n;
            while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
                md.update(buffer, 0, n);
                ByteBuffer bb = ByteBuffer.wrap(buffer, 0, n);
                while (bb.hasRemaining()) {
                    out.write(bb);
                }
            }
            out.force(true);
        }
        return md.digest();
    }
}
