package dev.mlops.registry.s3.tests;

import dev.mlops.registry.s3.S3BlobStore;
import dev.mlops.registry.spi.BlobInfo;
import dev.mlops.registry.spi.CorruptedContentException;
import dev.mlops.registry.spi.Digest;
import dev.mlops.registry.spi.NotFoundException;
import dev.mlops.registry.spi.Page;
import dev.mlops.registry.spi.StoreUnavailableException;
import dev.mlops.registry.spi.Stores;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class S3BlobStoreTest {
    private static final int MIB = 1 << 20;
    private final S3ProxyServer server = S3ProxyServer.shared();
    private final String prefix = "t-" + UUID.randomUUID();
    private final Instant[] now = {Instant.parse("2026-01-01T00:00:00Z")};
    private final Clock clock = new Clock() {
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now[0]; }
    };
    private S3BlobStore store;

    @BeforeEach
    void open() {
        store = builder().build();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private S3BlobStore.Builder builder() {
        return S3BlobStore.builder(S3ProxyServer.BUCKET).prefix(prefix)
                .endpoint(java.net.URI.create(server.endpoint())).region("us-east-1").pathStyle(true)
                .credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY, null)
                .partSize(5 * MIB).clock(clock);
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private List<String> objectsUnder(String sub) {
        List<String> out = new ArrayList<>();
        for (StorageMetadata m : server.backend().list(S3ProxyServer.BUCKET,
                ListContainerOptions.Builder.prefix(prefix + "/" + sub).recursive())) {
            if (!m.getName().endsWith("/")) { // the filesystem backend lists its directories too
                out.add(m.getName());
            }
        }
        return out;
    }

    @Test
    void aSmallBlobRoundTripsWithItsDigestAndSize() throws Exception {
        byte[] content = "hello, fleet".getBytes(StandardCharsets.UTF_8);
        BlobInfo info = store.put(new ByteArrayInputStream(content));
        assertThat(info.digest()).isEqualTo(Digest.sha256(content));
        assertThat(info.size()).isEqualTo(content.length);
        assertThat(info.lastUsed()).isEqualTo(now[0]);
        try (InputStream in = store.get(info.digest())) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        assertThat(objectsUnder("blobs/")).containsExactly(store.keyOf(info.digest()));
    }

    @Test
    void contentOfUnknownDigestLargerThanAPartGoesThroughATemporaryKeyThatIsDeletedAfterwards() throws Exception {
        byte[] content = random(12 * MIB + 3, 1);
        BlobInfo info = store.put(new ByteArrayInputStream(content));
        assertThat(info.digest()).isEqualTo(Digest.sha256(content));
        assertThat(info.size()).isEqualTo(content.length);
        try (InputStream in = store.get(info.digest())) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        assertThat(objectsUnder("uploads/")).isEmpty();
        assertThat(store.stat(info.digest()).orElseThrow().lastUsed()).isEqualTo(now[0]);
    }

    @Test
    void beyondTheCopyThresholdTheCopyIntoPlaceIsMultipart() throws Exception {
        byte[] content = random(11 * MIB, 2);
        try (S3BlobStore small = builder().copyThreshold(5 * MIB).build()) {
            Digest d = small.put(new ByteArrayInputStream(content)).digest();
            try (InputStream in = small.get(d)) {
                assertThat(in.readAllBytes()).isEqualTo(content);
            }
            // and a refresh of a blob beyond the threshold is a multipart self-copy
            now[0] = Instant.parse("2026-05-05T00:00:00Z");
            assertThat(small.put(new ByteArrayInputStream(content)).lastUsed()).isEqualTo(now[0]);
            try (InputStream in = small.get(d)) {
                assertThat(in.readAllBytes()).isEqualTo(content);
            }
            assertThat(small.stat(d).orElseThrow().lastUsed()).isEqualTo(now[0]);
        }
        assertThat(objectsUnder("uploads/")).isEmpty();
    }

    @Test
    void aKnownDigestGoesStraightToItsKeyAndAWrongOneLeavesNothingVisible() throws Exception {
        byte[] content = random(7 * MIB, 3);
        Digest right = Digest.sha256(content);
        Digest wrong = Digest.sha256(new byte[1]);
        assertThatThrownBy(() -> store.put(new ByteArrayInputStream(content), wrong))
                .isInstanceOf(CorruptedContentException.class).hasMessageContaining(wrong.toString());
        assertThat(store.exists(wrong)).isFalse();
        assertThat(store.exists(right)).isFalse();
        assertThat(objectsUnder("")).isEmpty();
        assertThat(store.put(new ByteArrayInputStream(content), right).digest()).isEqualTo(right);
        try (InputStream in = store.get(right)) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        assertThatThrownBy(() -> store.put(new ByteArrayInputStream(new byte[3]), Digest.sha256(new byte[4])))
                .isInstanceOf(CorruptedContentException.class);
    }

    @Test
    void anUploadThatFailsHalfwayLeavesNoObjectAndNoPendingUpload() {
        InputStream failing = new InputStream() {
            private long served;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                if (served >= 11L * MIB) {
                    throw new java.io.IOException("connection to the uploader reset");
                }
                int n = (int) Math.min(len, 11L * MIB - served + 1);
                java.util.Arrays.fill(b, off, off + n, (byte) 1);
                served += n;
                return n;
            }
        };
        assertThatThrownBy(() -> store.put(failing)).isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining("nothing was stored");
        assertThat(objectsUnder("")).isEmpty();
        try (var s3 = software.amazon.awssdk.services.s3.S3Client.builder()
                .endpointOverride(java.net.URI.create(server.endpoint())).region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .forcePathStyle(true).credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))
                .build()) {
            assertThat(s3.listMultipartUploads(r -> r.bucket(S3ProxyServer.BUCKET).prefix(prefix + "/")).uploads()).isEmpty();
        }
    }

    @Test
    void aRepeatedPutStoresNothingNewButRefreshesTheLastUsedMark() {
        byte[] content = random(1000, 4);
        Digest d = store.put(new ByteArrayInputStream(content)).digest();
        now[0] = Instant.parse("2026-02-01T10:00:00.123Z");
        assertThat(store.put(new ByteArrayInputStream(content)).lastUsed()).isEqualTo(now[0]);
        assertThat(store.stat(d).orElseThrow().lastUsed()).isEqualTo(now[0]);
        now[0] = Instant.parse("2026-03-01T00:00:00Z");
        // with a known digest the content is not even read
        InputStream never = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("the content of a known blob must not be read");
            }
        };
        assertThat(store.put(never, d).lastUsed()).isEqualTo(now[0]);
        assertThat(store.list(null, 10).items()).singleElement()
                .satisfies(i -> assertThat(i.lastUsed()).isEqualTo(Instant.parse("2026-03-01T00:00:00Z")));
        assertThat(objectsUnder("")).hasSize(1);
    }

    @Test
    void listPagesInDigestOrderAndDeleteReportsWhetherTheBlobExisted() {
        List<Digest> digests = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            digests.add(store.put(new ByteArrayInputStream(("blob " + i).getBytes(StandardCharsets.UTF_8))).digest());
        }
        digests.sort(null);
        List<Digest> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            Page<BlobInfo> p = store.list(token, 3);
            p.items().forEach(i -> seen.add(i.digest()));
            token = p.nextPageToken();
            pages++;
        } while (token != null);
        assertThat(seen).containsExactlyElementsOf(digests);
        assertThat(pages).isEqualTo(3);
        assertThat(store.delete(digests.get(2))).isTrue();
        assertThat(store.delete(digests.get(2))).isFalse();
        assertThat(store.exists(digests.get(2))).isFalse();
        assertThat(store.stat(digests.get(2))).isEmpty();
        assertThatThrownBy(() -> store.get(digests.get(2))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void aCorruptedBlobIsNeverServedSilently() {
        byte[] content = random(5000, 5);
        Digest d = store.put(new ByteArrayInputStream(content)).digest();
        byte[] rotten = content.clone();
        rotten[4000] ^= 1;
        new S3Corrupter(server, store).corrupt(d, rotten);
        assertThatThrownBy(() -> {
            try (InputStream in = store.get(d)) {
                in.readAllBytes();
            }
        }).isInstanceOf(CorruptedContentException.class).hasMessageContaining(d.toString());
    }

    @Test
    void theStoreIsFoundByUriAndKeepsCredentialsOutOfMessages() throws Exception {
        try (var blobs = Stores.providers().get("s3").openBlobs(dev.mlops.registry.spi.StoreUri.parse(server.uri(prefix)))) {
            Digest d = blobs.put(new ByteArrayInputStream(new byte[] {1, 2, 3})).digest();
            assertThat(store.exists(d)).isTrue();
        }
        assertThatThrownBy(() -> Stores.open(server.uri(prefix)))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("jdbc:postgresql").hasMessageNotContaining(S3ProxyServer.SECRET_KEY);
        String wrongSecret = server.uri(prefix).replace(S3ProxyServer.SECRET_KEY, "not-the-secret");
        try (var blobs = S3BlobStore.open(wrongSecret)) {
            assertThatThrownBy(() -> blobs.put(new ByteArrayInputStream(new byte[1])))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("access denied").hasMessageNotContaining("not-the-secret");
        }
    }
}
