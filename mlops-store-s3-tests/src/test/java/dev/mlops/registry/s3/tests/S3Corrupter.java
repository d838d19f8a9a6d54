package dev.mlops.registry.s3.tests;

import dev.mlops.registry.s3.S3BlobStore;
import dev.mlops.registry.spi.Digest;
import dev.mlops.registry.spi.tck.BlobCorrupter;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.BlobMetadata;

/**
 * The compatibility kit's corruption hook for the S3 store on S3Proxy: rewrites a blob's object in the proxy's backing
 * store with other bytes and the same user metadata (digest, size, last-used mark), behind S3's back. Test code only.
 */
final class S3Corrupter implements BlobCorrupter {
    private final S3ProxyServer server;
    private final S3BlobStore store;

    S3Corrupter(S3ProxyServer server, S3BlobStore store) {
        this.server = server;
        this.store = store;
    }

    @Override
    public void corrupt(Digest digest, byte[] replacement) {
        BlobStore backend = server.backend();
        String key = store.keyOf(digest);
        BlobMetadata old = backend.blobMetadata(S3ProxyServer.BUCKET, key);
        if (old == null) {
            throw new IllegalStateException("No object " + key + " to corrupt");
        }
        Blob blob = backend.blobBuilder(key).payload(replacement).userMetadata(old.getUserMetadata()).build();
        backend.putBlob(S3ProxyServer.BUCKET, blob);
    }
}
