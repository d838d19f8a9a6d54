package dev.mlops.registry.s3.tests;

import dev.mlops.registry.jdbc.PostgresStore;
import dev.mlops.registry.jdbc.testing.PostgresTestServer;
import dev.mlops.registry.s3.S3BlobStore;
import dev.mlops.registry.spi.Store;
import dev.mlops.registry.spi.tck.BlobCorrupter;
import dev.mlops.registry.spi.tck.KitContext;
import dev.mlops.registry.spi.tck.StoreCompatibilityKit;

import java.net.URI;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The compatibility kit on the fleet setup: blobs in S3 (an in-process S3Proxy; a fresh prefix per test, 5 MiB parts
 * so the kit's 32 MiB blob is a multipart upload through a temporary key) and records in PostgreSQL (a fresh schema
 * per test).
 */
class S3BlobStoreCompatibilityTest extends StoreCompatibilityKit {
    private static final String DATABASE = PostgresTestServer.shared().newDatabase();
    private static final AtomicInteger SCHEMAS = new AtomicInteger();

    private S3BlobStore blobs;

    @Override
    protected Optional<BlobCorrupter> corrupter() {
        return Optional.of(new S3Corrupter(S3ProxyServer.shared(), blobs));
    }

    @Override
    protected Store openStore(KitContext context) {
        S3ProxyServer server = S3ProxyServer.shared();
        PostgresStore records = PostgresStore.builder(DATABASE).schema("kit_" + SCHEMAS.incrementAndGet())
                .clock(context.clock()).build();
        blobs = S3BlobStore.builder(S3ProxyServer.BUCKET)
                .prefix("kit-" + UUID.randomUUID())
                .endpoint(URI.create(server.endpoint())).region("us-east-1").pathStyle(true)
                .credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY, null)
                .partSize(S3BlobStore.MIN_PART_SIZE)
                .clock(context.clock())
                .build();
        return Store.of(records, blobs, "PostgreSQL records + S3Proxy blobs");
    }
}
