package dev.mlops.registry.s3.tests;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * An in-process S3Proxy on loopback with a filesystem backend in a temporary directory, one per JVM
 * ({@link #shared()}), stopped by a shutdown hook. Thread-safe.
 */
public final class S3ProxyServer {
    public static final String ACCESS_KEY = "mlops-access";
    public static final String SECRET_KEY = "mlops-secret-key";
    public static final String BUCKET = "mlops-test";
    private static S3ProxyServer shared;

    private final S3Proxy proxy;
    private final BlobStore backend;
    private final Path dir;

    private S3ProxyServer(S3Proxy proxy, BlobStore backend, Path dir) {
        this.proxy = proxy;
        this.backend = backend;
        this.dir = dir;
    }

    /** The server of this JVM, started on first use, with {@value #BUCKET} created. */
    public static synchronized S3ProxyServer shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    /** Starts a new server. */
    public static S3ProxyServer start() {
        try {
            Path dir = Files.createTempDirectory("mlops-s3proxy-");
            Properties props = new Properties();
            props.setProperty("jclouds.filesystem.basedir", dir.toString());
            BlobStoreContext context = ContextBuilder.newBuilder("filesystem")
                    .credentials("identity", "credential").overrides(props).build(BlobStoreContext.class);
            BlobStore backend = context.getBlobStore();
            backend.createContainerInLocation(null, BUCKET);
            S3Proxy proxy = S3Proxy.builder().blobStore(backend).endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
            proxy.start(); // Jetty's start() returns once the connector listens
            if (!"STARTED".equals(proxy.getState())) {
                throw new IllegalStateException("S3Proxy did not start: state " + proxy.getState());
            }
            S3ProxyServer server = new S3ProxyServer(proxy, backend, dir);
            Runtime.getRuntime().addShutdownHook(new Thread(server::stopQuietly, "s3proxy-stop"));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("Could not start S3Proxy: " + e.getMessage(), e);
        }
    }

    /** The endpoint, e.g. {@code http://127.0.0.1:41234}. */
    public String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    /** A store URI for {@code prefix} in the test bucket, with credentials in the user info. */
    public String uri(String prefix) {
        return "s3://" + ACCESS_KEY + ":" + SECRET_KEY + "@" + BUCKET + "/" + prefix + "?endpoint=" + endpoint()
                + "&region=us-east-1&pathStyle=true";
    }

    /** The backing jclouds store, to look behind S3's back. */
    public BlobStore backend() {
        return backend;
    }

    /** Stops the server (its Jetty threads are not daemons) and deletes its files. Idempotent. */
    public void close() {
        stopQuietly();
    }

    private void stopQuietly() {
        try {
            proxy.stop();
        } catch (Exception ignored) {
            // best effort at JVM exit
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }
}
