package dev.mlops.registry.jdbc;

import dev.mlops.registry.jdbc.testing.PostgresCorrupter;
import dev.mlops.registry.jdbc.testing.PostgresTestServer;
import dev.mlops.registry.spi.Store;
import dev.mlops.registry.spi.tck.BlobCorrupter;
import dev.mlops.registry.spi.tck.KitContext;
import dev.mlops.registry.spi.tck.StoreCompatibilityKit;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The compatibility kit on the PostgreSQL store, records and blobs (each test gets a fresh schema in one database of
 * the embedded server). Chunks of 64 KiB so the kit's large blob spans hundreds of chunk rows.
 */
class JdbcStoreCompatibilityTest extends StoreCompatibilityKit {
    private static final String URL = PostgresTestServer.shared().newDatabase();
    private static final AtomicInteger SCHEMAS = new AtomicInteger();

    private String schema;

    @Override
    protected Store openStore(KitContext context) {
        schema = "kit_" + SCHEMAS.incrementAndGet();
        return PostgresStore.builder(URL)
                .schema(schema)
                .chunkSize(64 * 1024)
                .clock(context.clock())
                .build()
                .asStore();
    }

    @Override
    protected Optional<BlobCorrupter> corrupter() {
        return Optional.of(new PostgresCorrupter(URL, schema));
    }
}
