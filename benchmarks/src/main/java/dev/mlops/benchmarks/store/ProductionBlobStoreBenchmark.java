package dev.mlops.benchmarks.store;

import dev.mlops.registry.s3.S3BlobStore;
import dev.mlops.registry.s3.tests.S3ProxyServer;
import dev.mlops.registry.spi.BlobInfo;
import dev.mlops.registry.spi.BlobStore;
import dev.mlops.registry.spi.Digest;
import dev.mlops.registry.spi.Store;
import dev.mlops.registry.spi.Stores;
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

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Blob put (new content every time) and get (read to the end, verified) of 1 MiB blobs on S3 — an in-process
 * S3Proxy on loopback with a filesystem backend — against the file store (its baseline) in the same run.
 * Throughput in operations per second; multiply by the size for bytes per second.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ProductionBlobStoreBenchmark {
    @Param({"s3proxy", "file"})
    public String store;

    @Param({"1048576"})
    public int size;

    private BlobStore blobs;
    private S3ProxyServer proxy;
    private Store fileStore;
    private Path dir;
    private byte[] content;
    private Digest stored;
    private long counter;

    @Setup(Level.Trial)
    public void open() throws IOException {
        if (store.equals("s3proxy")) {
            proxy = S3ProxyServer.start();
            blobs = S3BlobStore.open(proxy.uri("bench"));
        } else {
            dir = Files.createTempDirectory("mlops-bench-file-");
            fileStore = Stores.open("file:" + dir);
            blobs = fileStore.blobs();
        }
        content = new byte[size];
        new Random(42).nextBytes(content);
        stored = blobs.put(new ByteArrayInputStream(content)).digest();
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        blobs.close();
        if (proxy != null) {
            proxy.close();
        }
        if (fileStore != null) {
            fileStore.close();
        }
        if (dir != null) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Benchmark
    public BlobInfo put() {
        byte[] c = content.clone();
        ByteBuffer.wrap(c).putLong(++counter); // new content, so every put stores a new blob
        return blobs.put(new ByteArrayInputStream(c));
    }

    @Benchmark
    public long get() throws IOException {
        byte[] buf = new byte[64 * 1024];
        long n = 0;
        try (InputStream in = blobs.get(stored)) {
            int r;
            while ((r = in.read(buf)) >= 0) {
                n += r;
            }
        }
        return n;
    }
}
