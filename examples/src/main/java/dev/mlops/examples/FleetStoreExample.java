package dev.mlops.examples;

import dev.mlops.registry.jdbc.PostgresStore;
import dev.mlops.registry.s3.S3BlobStore;
import dev.mlops.registry.spi.Store;
import dev.mlops.registry.spi.Stores;

import java.net.URI;

/**
 * The fleet setup of the README: records in PostgreSQL, blobs in S3. Compiled with the examples so the README's
 * snippets stay true; {@link #openByUri()} and {@link #openByHand} need a real database and bucket, so {@link #main}
 * shows the same split (records in one store, blobs in another) with two local {@code file:} stores, and with the
 * argument {@code --fleet} opens the real ones ({@code MLOPS_DB_PASSWORD} set, AWS credentials in the default chain).
 */
public final class FleetStoreExample {
    private FleetStoreExample() {
    }

    public static void main(String[] args) throws Exception {
        boolean fleet = java.util.Arrays.asList(args).contains("--fleet");
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("mlops-fleet");
        try (Store store = fleet ? openByUri()
                : Stores.open("file:" + dir.resolve("records"), "file:" + dir.resolve("blobs"));
             dev.mlops.registry.Registry registry = dev.mlops.registry.Registry.open(store)) {
            var v = registry.register("fraud").file(Fixtures.path("breast_cancer_mlp_v1.onnx")).commit();
            System.out.println("registered " + v.id() + " on " + store.description());
            System.out.println("the record names the blob " + v.artifact().digest() + "; the bytes are in "
                    + (fleet ? "the bucket" : dir.resolve("blobs")));
        }
        if (!fleet) {
            System.out.println("(local stand-ins; run with --fleet for PostgreSQL and S3, or from the command line:"
                    + " mlops registry --store jdbc:postgresql://... --blobs s3://bucket/prefix models)");
        }
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
