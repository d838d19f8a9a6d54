package dev.mlops.examples;

import dev.mlops.registry.jdbc.PostgresStore;
import dev.mlops.registry.s3.S3BlobStore;
import dev.mlops.registry.spi.Store;
import dev.mlops.registry.spi.Stores;

import java.net.URI;

/**
 * The fleet setup of the README: records in PostgreSQL, blobs in S3. Compiled with the examples so the README's
 * snippets stay true; running it needs a real database and bucket.
 */
public final class FleetStoreExample {
    private FleetStoreExample() {
    }

    /** One URI each; the providers come from mlops-store-jdbc and mlops-store-s3 on the class path. */
    public static Store openByUri() {
        return Stores.open(
                "jdbc:postgresql://db.internal:5432/mlops?user=mlops&password=" + System.getenv("MLOPS_DB_PASSWORD"),
                "s3://models-bucket/registry?region=eu-west-1"); // credentials: the default AWS chain
    }

    /** The same, built by hand (e.g. with secrets from a vault, or MinIO on premises). */
    public static Store openByHand(String dbPassword, String minioKey, String minioSecret) {
        PostgresStore records = PostgresStore.builder("jdbc:postgresql://db.internal:5432/mlops")
                .user("mlops").password(dbPassword).schema("mlops").poolSize(20).build();
        S3BlobStore blobs = S3BlobStore.builder("models-bucket").prefix("registry")
                .endpoint(URI.create("http://minio.internal:9000")).region("us-east-1").pathStyle(true)
                .credentials(minioKey, minioSecret, null).build();
        return Store.of(records, blobs, "records in PostgreSQL, blobs in MinIO");
    }
}
