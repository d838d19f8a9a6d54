package dev.mlops.registry.spi;

import java.io.InputStream;
import java.util.Optional;
import java.util.Set;

/** A provider for {@code fake:} URIs, registered in the test class path's META-INF/services. */
public final class FakeStoreProvider implements StoreProvider {
    @Override
    public Set<String> schemes() {
        return Set.of("fake");
    }

    @Override
    public RecordStore openRecords(StoreUri uri) {
        return new Half(uri.unredacted());
    }

    @Override
    public BlobStore openBlobs(StoreUri uri) {
        return new Half(uri.unredacted());
    }

    /** Remembers the URI it was opened with; every operation is unsupported. */
    record Half(String uri) implements RecordStore, BlobStore {
        @Override
        public Optional<VersionedRecord> get(String collection, String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public WriteResult createIfAbsent(String collection, String key, byte[] document) {
            throw new UnsupportedOperationException();
        }

        @Override
        public WriteResult compareAndSet(String collection, String key, long expectedRevision, byte[] document) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean delete(String collection, String key, long expectedRevision) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Page<String> list(String collection, String prefix, String pageToken, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public BlobInfo put(InputStream in) {
            throw new UnsupportedOperationException();
        }

        @Override
        public BlobInfo put(InputStream in, Digest expected) {
            throw new UnsupportedOperationException();
        }

        @Override
        public InputStream get(Digest digest) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean exists(Digest digest) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<BlobInfo> stat(Digest digest) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean delete(Digest digest) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Page<BlobInfo> list(String pageToken, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }
}
