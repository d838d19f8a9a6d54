package dev.mlops.registry.s3;

import dev.mlops.registry.s3.internal.S3Location;
import dev.mlops.registry.spi.BlobInfo;
import dev.mlops.registry.spi.BlobStore;
import dev.mlops.registry.spi.CorruptedContentException;
import dev.mlops.registry.spi.Digest;
import dev.mlops.registry.spi.NotFoundException;
import dev.mlops.registry.spi.Page;
import dev.mlops.registry.spi.StoreUnavailableException;
import dev.mlops.registry.spi.StoreUri;
import dev.mlops.registry.spi.VerifyingInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Blobs in an S3 bucket (or any S3-compatible object store: MinIO, Ceph, S3Proxy, R2 …) with the AWS SDK v2.
 * Open it by URI through {@link dev.mlops.registry.spi.Stores}
 * ({@code s3://bucket/prefix?endpoint=http://127.0.0.1:9000&region=us-east-1&pathStyle=true}) — usually as the blob
 * half next to PostgreSQL records: {@code Stores.open("jdbc:postgresql://db/mlops", "s3://bucket/models")} — or with
 * {@link #builder(String)}.
 *
 * <p><b>Layout.</b> A blob is the object {@code <prefix>/blobs/sha256/<64 hex digits>}; its last-used mark is the
 * object's user metadata {@code x-amz-meta-mlops-last-used} (ISO-8601). In-flight uploads whose digest is not yet
 * known use {@code <prefix>/uploads/<uuid>}; a lifecycle rule that expires {@code uploads/} after a day cleans up
 * after processes killed mid-upload (and one that aborts incomplete multipart uploads, which S3 never shows).
 *
 * <p><b>Writes.</b> Content is read in parts of {@code partSize} bytes (8 MiB by default; memory per put is one
 * part) and hashed as it goes. Content that fits in one part is written with one {@code PutObject} straight to its
 * final key (its digest is known by then). Larger content goes up as a multipart upload: when the caller supplied
 * the digest, straight to the final key, completed only after the bytes are verified (an incomplete multipart upload
 * is invisible, so a wrong digest leaves nothing); otherwise to a temporary key, then copied into place — with a
 * multipart copy ({@code UploadPartCopy}) beyond {@code copyThreshold} (5 GiB, the single-copy limit of S3) — and the
 * temporary object deleted. A blob is therefore visible only with all of its bytes. The largest blob is
 * {@code partSize × 10000} (80 GB by default).
 *
 * <p><b>Last-used mark.</b> A put of existing content refreshes the metadata with a server-side self-copy
 * ({@code CopyObject} with {@code MetadataDirective=REPLACE}; multipart beyond {@code copyThreshold}); no bytes go
 * through the client. {@link #list} reads each listed blob's mark with a {@code HeadObject}, so listing (done by
 * garbage collection only) costs one request per blob.
 *
 * <p><b>Reads</b> verify the digest and the length as they stream ({@link VerifyingInputStream}). Transient
 * failures (throttling, 5xx, connection resets) are retried by the SDK's standard retry strategy (bounded, with
 * exponential backoff and jitter); what is left surfaces as {@link StoreUnavailableException} with the bucket and
 * key, never credentials. The SDK's own CRC checksums are requested only when an operation requires them, for
 * compatibility with S3-compatible stores; integrity is SHA-256, end to end.
 *
 * <p>Thread-safe: one instance (and its HTTP connection pool) serves any number of threads.
 */
public final class S3BlobStore implements BlobStore {
    private static final Logger LOG = LoggerFactory.getLogger(S3BlobStore.class);
    /** The user-metadata key of the last-used mark (sent as {@code x-amz-meta-mlops-last-used}). */
    public static final String LAST_USED_METADATA = "mlops-last-used";
    /** The default part size of uploads: 8 MiB. */
    public static final int DEFAULT_PART_SIZE = 8 << 20;
    /** The smallest part S3 accepts (but for the last one): 5 MiB. */
    public static final int MIN_PART_SIZE = 5 << 20;
    /** The largest object S3 copies in one {@code CopyObject}: 5 GiB. */
    public static final long DEFAULT_COPY_THRESHOLD = 5L << 30;
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    private final S3Client s3;
    private final boolean ownsClient;
    private final String bucket;
    private final String base; // "" or "prefix/"
    private final String where;
    private final int partSize;
    private final long copyThreshold;
    private final long copyPartSize;
    private final Clock clock;
    private volatile boolean closed;

    private S3BlobStore(Builder b, S3Client s3, boolean ownsClient) {
        this.s3 = s3;
        this.ownsClient = ownsClient;
        this.bucket = b.bucket;
        this.base = b.prefix.isEmpty() ? "" : b.prefix + "/";
        this.where = "s3://" + b.bucket + (b.prefix.isEmpty() ? "" : "/" + b.prefix)
                + (b.endpoint == null ? "" : " at " + StoreUri.redact(b.endpoint.toString()));
        this.partSize = b.partSize;
        this.copyThreshold = b.copyThreshold;
        this.copyPartSize = Math.max(MIN_PART_SIZE, Math.min(b.copyThreshold, 512L << 20));
        this.clock = b.clock;
    }

    /** A builder for blobs in {@code bucket}. */
    public static Builder builder(String bucket) {
        return new Builder(bucket);
    }

    /**
     * Opens the store that {@code uri} names: {@code s3://[accessKey:secretKey@]bucket[/prefix]} with optional
     * parameters {@code endpoint}, {@code region} (default: the SDK's region chain, else {@code us-east-1}),
     * {@code pathStyle} ({@code true} for most S3-compatible stores), {@code accessKey}/{@code secretKey}/
     * {@code sessionToken} or {@code profile} (default: the SDK's default credentials chain), {@code partSize},
     * {@code copyThreshold}.
     */
    public static S3BlobStore open(String uri) {
        S3Location loc = S3Location.parse(Objects.requireNonNull(uri, "uri").strip());
        Builder b = builder(loc.bucket()).prefix(loc.prefix());
        Map<String, String> p = loc.params();
        if (p.containsKey("endpoint")) {
            URI endpoint;
            try {
                endpoint = new URI(p.get("endpoint"));
            } catch (java.net.URISyntaxException e) {
                // the parser's message quotes the endpoint, credentials and all: leave it and its cause out
                throw new IllegalArgumentException("Expected an endpoint URI such as 'http://127.0.0.1:9000' in '"
                        + StoreUri.redact(uri) + "', found one that does not parse (" + e.getReason()
                        + " at index " + e.getIndex() + ")");
            }
            b.endpoint(endpoint);
        }
        if (p.containsKey("region")) {
            b.region(p.get("region"));
        }
        if (p.containsKey("pathStyle")) {
            b.pathStyle(Boolean.parseBoolean(p.get("pathStyle")));
        }
        if (p.containsKey("accessKey") || p.containsKey("secretKey")) {
            if (!p.containsKey("accessKey") || !p.containsKey("secretKey")) {
                throw new IllegalArgumentException("Expected both accessKey and secretKey in '" + StoreUri.redact(uri) + "'");
            }
            b.credentials(p.get("accessKey"), p.get("secretKey"), p.get("sessionToken"));
        }
        if (p.containsKey("profile")) {
            b.credentialsProvider(ProfileCredentialsProvider.create(p.get("profile")));
        }
        if (p.containsKey("partSize")) {
            b.partSize(parseInt("partSize", p.get("partSize"), uri));
        }
        if (p.containsKey("copyThreshold")) {
            b.copyThreshold(parseInt("copyThreshold", p.get("copyThreshold"), uri));
        }
        return b.build();
    }

    private static long parseInt(String name, String value, String uri) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Expected a whole number of bytes for '" + name + "' in '"
                    + StoreUri.redact(uri) + "', found '" + value + "'");
        }
    }

    /** The key of the object that holds {@code digest}'s bytes. */
    public String keyOf(Digest digest) {
        return base + "blobs/sha256/" + digest.hex();
    }

    // ---------------------------------------------------------------- writes

    @Override
    public BlobInfo put(InputStream in) {
        return put(in, null);
    }

    @Override
    public BlobInfo put(InputStream in, Digest expected) {
        ensureOpen();
        Objects.requireNonNull(in, "in");
        if (expected != null) {
            Optional<BlobInfo> refreshed = refresh(expected);
            if (refreshed.isPresent()) {
                return refreshed.get();
            }
        }
        MessageDigest md = Digest.newMessageDigest();
        byte[] part = new byte[partSize];
        int n = readFully(in, part);
        md.update(part, 0, n);
        if (n < part.length) {
            // fits in one part: the digest is known before anything is written
            Digest actual = Digest.ofBytes(md.digest());
            checkExpected(expected, actual);
            Optional<BlobInfo> refreshed = expected == null ? refresh(actual) : Optional.empty();
            if (refreshed.isPresent()) {
                return refreshed.get();
            }
            Instant now = now();
            String key = keyOf(actual);
            call("store " + key, () -> s3.putObject(r -> r.bucket(bucket).key(key).contentLength((long) n)
                    .metadata(Map.of(LAST_USED_METADATA, now.toString())), RequestBody.fromBytes(slice(part, n))));
            return new BlobInfo(actual, n, now);
        }
        String target = expected != null ? keyOf(expected) : base + "uploads/" + UUID.randomUUID();
        Instant started = now();
        String uploadId = call("start an upload to " + target, () -> s3.createMultipartUpload(r -> r.bucket(bucket)
                .key(target).metadata(Map.of(LAST_USED_METADATA, started.toString())))).uploadId();
        boolean completed = false;
        try {
            List<CompletedPart> parts = new ArrayList<>();
            long size = 0;
            int len = n;
            while (true) {
                int number = parts.size() + 1;
                if (number > 10_000) {
                    throw new StoreUnavailableException("Content for " + where + " exceeds 10000 parts of " + partSize
                            + " bytes; nothing was stored. Raise partSize (URI parameter or builder).");
                }
                int l = len;
                String etag = call("upload part " + number + " of " + target, () -> s3.uploadPart(r -> r.bucket(bucket)
                        .key(target).uploadId(uploadId).partNumber(number).contentLength((long) l),
                        RequestBody.fromBytes(slice(part, l)))).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                size += len;
                if (len < part.length) {
                    break;
                }
                len = readFully(in, part);
                if (len == 0) {
                    break;
                }
                md.update(part, 0, len);
            }
            Digest actual = Digest.ofBytes(md.digest());
            checkExpected(expected, actual); // before completing: a wrong digest leaves nothing visible
            call("complete the upload to " + target, () -> s3.completeMultipartUpload(r -> r.bucket(bucket).key(target)
                    .uploadId(uploadId).multipartUpload(CompletedMultipartUpload.builder().parts(parts).build())));
            completed = true;
            if (expected != null) {
                return new BlobInfo(actual, size, started);
            }
            try {
                Optional<BlobInfo> refreshed = refresh(actual);
                if (refreshed.isPresent()) {
                    return refreshed.get();
                }
                Instant now = now();
                copy(target, keyOf(actual), size, now);
                return new BlobInfo(actual, size, now);
            } finally {
                deleteQuietly(target);
            }
        } catch (RuntimeException e) {
            if (!completed) {
                try {
                    s3.abortMultipartUpload(r -> r.bucket(bucket).key(target).uploadId(uploadId));
                } catch (SdkException abort) {
                    e.addSuppressed(abort);
                }
            }
            throw e;
        }
    }

    /** Server-side copy with fresh metadata; multipart beyond the copy threshold. Works for self-copies. */
    private void copy(String from, String to, long size, Instant lastUsed) {
        Map<String, String> meta = Map.of(LAST_USED_METADATA, lastUsed.toString());
        if (size <= copyThreshold) {
            call("copy " + from + " to " + to, () -> s3.copyObject(r -> r.sourceBucket(bucket).sourceKey(from)
                    .destinationBucket(bucket).destinationKey(to).metadataDirective(MetadataDirective.REPLACE)
                    .metadata(meta)));
            return;
        }
        String uploadId = call("start a multipart copy to " + to, () -> s3.createMultipartUpload(r -> r.bucket(bucket)
                .key(to).metadata(meta))).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            for (long start = 0; start < size; start += copyPartSize) {
                int number = parts.size() + 1;
                String range = "bytes=" + start + "-" + (Math.min(size, start + copyPartSize) - 1);
                String etag = call("copy part " + number + " to " + to, () -> s3.uploadPartCopy(r -> r
                        .sourceBucket(bucket).sourceKey(from).destinationBucket(bucket).destinationKey(to)
                        .uploadId(uploadId).partNumber(number).copySourceRange(range))).copyPartResult().eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            call("complete the multipart copy to " + to, () -> s3.completeMultipartUpload(r -> r.bucket(bucket).key(to)
                    .uploadId(uploadId).multipartUpload(CompletedMultipartUpload.builder().parts(parts).build())));
        } catch (RuntimeException e) {
            try {
                s3.abortMultipartUpload(r -> r.bucket(bucket).key(to).uploadId(uploadId));
            } catch (SdkException abort) {
                e.addSuppressed(abort);
            }
            throw e;
        }
    }

    /**
     * Refreshes the last-used mark of a stored copy of {@code d} whose bytes still hash to {@code d}; empty when there
     * is none, or when the copy is damaged — the caller then stores its good content over it (an S3 PUT replaces an
     * object whole). Reads the stored object once: a put of content already stored pays a download so that a damaged
     * copy is repaired, never kept.
     */
    private Optional<BlobInfo> refresh(Digest d) {
        String key = keyOf(d);
        Optional<HeadObjectResponse> head = head(key);
        if (head.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = get(d)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (CorruptedContentException e) {
            LOG.warn("The stored copy of blob {} in {} is damaged; replacing it with the content being put", d, where);
            return Optional.empty();
        } catch (java.io.IOException e) {
            throw new StoreUnavailableException("Could not read blob " + d + " in " + where + ": "
                    + StoreUri.redact(e.getMessage()), e);
        }
        Instant now = now();
        long size = head.get().contentLength();
        try {
            copy(key, key, size, now);
        } catch (NotFoundException e) {
            return Optional.empty(); // deleted in between (garbage collection): store it anew
        }
        return Optional.of(new BlobInfo(d, size, now));
    }

    private void checkExpected(Digest expected, Digest actual) {
        if (expected != null && !expected.equals(actual)) {
            throw new CorruptedContentException("Expected content with digest " + expected + " but it hashes to "
                    + actual + "; nothing was stored in " + where + ". Check that the digest belongs to this content.");
        }
    }

    // ---------------------------------------------------------------- reads

    @Override
    public InputStream get(Digest digest) {
        ensureOpen();
        String key = keyOf(Objects.requireNonNull(digest, "digest"));
        ResponseInputStream<GetObjectResponse> raw = call("read " + key, () -> s3.getObject(r -> r.bucket(bucket).key(key)));
        Long length = raw.response().contentLength();
        return new VerifyingInputStream(raw, digest, length == null ? -1 : length, where + "/" + key);
    }

    @Override
    public boolean exists(Digest digest) {
        ensureOpen();
        return head(keyOf(Objects.requireNonNull(digest, "digest"))).isPresent();
    }

    @Override
    public Optional<BlobInfo> stat(Digest digest) {
        ensureOpen();
        Objects.requireNonNull(digest, "digest");
        return head(keyOf(digest)).map(h -> new BlobInfo(digest, h.contentLength(), lastUsed(h)));
    }

    @Override
    public boolean delete(Digest digest) {
        ensureOpen();
        String key = keyOf(Objects.requireNonNull(digest, "digest"));
        if (head(key).isEmpty()) {
            return false;
        }
        call("delete " + key, () -> s3.deleteObject(r -> r.bucket(bucket).key(key)));
        return true;
    }

    @Override
    public Page<BlobInfo> list(String pageToken, int limit) {
        ensureOpen();
        Page.checkLimit(limit);
        String prefix = base + "blobs/sha256/";
        String startAfter = pageToken == null ? null : prefix + Digest.parse(pageToken).hex();
        List<BlobInfo> out = new ArrayList<>(Math.min(limit, 256));
        String after = startAfter;
        boolean more = true;
        while (out.size() < limit && more) {
            String from = after;
            int want = Math.min(1000, limit - out.size());
            ListObjectsV2Response page = call("list " + prefix, () -> s3.listObjectsV2(r -> r.bucket(bucket)
                    .prefix(prefix).maxKeys(want).startAfter(from)));
            for (S3Object o : page.contents()) {
                after = o.key();
                String hex = o.key().substring(prefix.length());
                if (!HEX64.matcher(hex).matches()) {
                    continue; // not ours
                }
                Digest d = Digest.parse(hex);
                head(o.key()).ifPresent(h -> out.add(new BlobInfo(d, h.contentLength(), lastUsed(h))));
            }
            more = Boolean.TRUE.equals(page.isTruncated()) && !page.contents().isEmpty();
        }
        return new Page<>(out, more && !out.isEmpty() ? out.get(out.size() - 1).digest().hex() : null);
    }

    // ---------------------------------------------------------------- lifecycle

    /** Closes the S3 client when this store created it. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (ownsClient) {
                s3.close();
            }
        }
    }

    @Override
    public String toString() {
        return "S3BlobStore[" + where + "]";
    }

    // ---------------------------------------------------------------- plumbing

    private Optional<HeadObjectResponse> head(String key) {
        try {
            return Optional.of(s3.headObject(r -> r.bucket(bucket).key(key)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw translate("look up " + key, e);
        } catch (SdkException e) {
            throw translate("look up " + key, e);
        }
    }

    private static Instant lastUsed(HeadObjectResponse h) {
        String mark = h.metadata().get(LAST_USED_METADATA);
        if (mark != null) {
            try {
                return Instant.parse(mark);
            } catch (DateTimeParseException e) {
                LOG.warn("Ignoring an unreadable last-used mark '{}'; using the object's last-modified time", mark);
            }
        }
        return h.lastModified();
    }

    private <T> T call(String what, java.util.function.Supplier<T> request) {
        ensureOpen();
        try {
            return request.get();
        } catch (SdkException e) {
            throw translate(what, e);
        }
    }

    private RuntimeException translate(String what, SdkException e) {
        if (e instanceof NoSuchKeyException || e instanceof S3Exception s && s.statusCode() == 404) {
            return new NotFoundException("Could not " + what + " in " + where + ": no such object. It was never "
                    + "stored here or was garbage-collected.");
        }
        String detail = StoreUri.redact(String.valueOf(e.getMessage()));
        if (e instanceof S3Exception s && (s.statusCode() == 403 || s.statusCode() == 401)) {
            return new StoreUnavailableException("Could not " + what + " in " + where + ": access denied (HTTP "
                    + s.statusCode() + "). Check the credentials and the bucket policy. " + detail, e);
        }
        return new StoreUnavailableException("Could not " + what + " in " + where + " (after the SDK's retries): "
                + detail + ". Check that the endpoint is reachable and the bucket exists.", e);
    }

    private void deleteQuietly(String key) {
        try {
            s3.deleteObject(r -> r.bucket(bucket).key(key));
        } catch (SdkException e) {
            LOG.warn("Could not delete the temporary object {} in {}; a lifecycle rule on uploads/ will: {}", key,
                    where, StoreUri.redact(e.getMessage()));
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static byte[] slice(byte[] buf, int n) {
        return n == buf.length ? buf.clone() : java.util.Arrays.copyOf(buf, n);
    }

    private static int readFully(InputStream in, byte[] buf) {
        int n = 0;
        try {
            while (n < buf.length) {
                int r = in.read(buf, n, buf.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the content to store failed: " + e.getMessage()
                    + "; nothing was stored.", e);
        }
        return n;
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreUnavailableException("The store " + where + " is closed; open a new one.");
        }
    }

    /**
     * Configures an {@link S3BlobStore}. {@link #build()} validates and creates the client (unless one is given).
     * Not thread-safe; the store it builds is.
     */
    public static final class Builder {
        private final String bucket;
        private String prefix = "";
        private URI endpoint;
        private String region;
        private boolean pathStyle;
        private AwsCredentialsProvider credentials;
        private S3Client client;
        private int partSize = DEFAULT_PART_SIZE;
        private long copyThreshold = DEFAULT_COPY_THRESHOLD;
        private Clock clock = Clock.systemUTC();

        private Builder(String bucket) {
            this.bucket = Objects.requireNonNull(bucket, "bucket");
        }

        /** The key prefix under which the store keeps its objects (default: none). */
        public Builder prefix(String prefix) {
            String p = Objects.requireNonNull(prefix, "prefix");
            while (p.startsWith("/")) {
                p = p.substring(1);
            }
            while (p.endsWith("/")) {
                p = p.substring(0, p.length() - 1);
            }
            this.prefix = p;
            return this;
        }

        /** The endpoint of an S3-compatible store, e.g. {@code http://127.0.0.1:9000} (default: AWS). */
        public Builder endpoint(URI endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        /** The region (default: the SDK's region chain, else {@code us-east-1}). */
        public Builder region(String region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        /** Path-style addressing ({@code endpoint/bucket/key}), which most S3-compatible stores need. */
        public Builder pathStyle(boolean pathStyle) {
            this.pathStyle = pathStyle;
            return this;
        }

        /** Static credentials; {@code sessionToken} may be null. Default: the SDK's default credentials chain. */
        public Builder credentials(String accessKey, String secretKey, String sessionToken) {
            Objects.requireNonNull(accessKey, "accessKey");
            Objects.requireNonNull(secretKey, "secretKey");
            this.credentials = StaticCredentialsProvider.create(sessionToken == null
                    ? AwsBasicCredentials.create(accessKey, secretKey)
                    : AwsSessionCredentials.create(accessKey, secretKey, sessionToken));
            return this;
        }

        /** Any credentials provider (instance profile, web identity, a profile …). */
        public Builder credentialsProvider(AwsCredentialsProvider provider) {
            this.credentials = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /**
         * A client built by the application; the store then ignores endpoint, region, path style and credentials,
         * and does not close the client.
         */
        public Builder client(S3Client client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /** The upload part size, 5 MiB to 1 GiB (default 8 MiB); memory per put is one part. */
        public Builder partSize(long partSize) {
            if (partSize < MIN_PART_SIZE || partSize > 1L << 30) {
                throw new IllegalArgumentException("Expected a part size of 5 MiB (5242880) to 1 GiB, found " + partSize);
            }
            this.partSize = (int) partSize;
            return this;
        }

        /**
         * The size above which copies are multipart (default and maximum 5 GiB, the S3 limit; at least 5 MiB).
         * Lower it only to exercise multipart copies in tests.
         */
        public Builder copyThreshold(long copyThreshold) {
            if (copyThreshold < MIN_PART_SIZE || copyThreshold > DEFAULT_COPY_THRESHOLD) {
                throw new IllegalArgumentException("Expected a copy threshold of 5 MiB to 5 GiB, found " + copyThreshold);
            }
            this.copyThreshold = copyThreshold;
            return this;
        }

        /** The clock of the last-used marks (tests pass a fake one). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Builds the store (no request is sent yet). */
        @SuppressWarnings("deprecation") // ApacheHttpClient: AWS SDK 2.57 deprecates it for apache5-client; kept until that move is tested
        public S3BlobStore build() {
            if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
                throw new IllegalArgumentException("Expected a bucket name of 3-63 characters a-z, 0-9, '.' and '-', "
                        + "found '" + bucket + "'");
            }
            if (client != null) {
                return new S3BlobStore(this, client, false);
            }
            var b = S3Client.builder()
                    .httpClientBuilder(ApacheHttpClient.builder().maxConnections(64))
                    .forcePathStyle(pathStyle)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .credentialsProvider(credentials != null ? credentials : DefaultCredentialsProvider.builder().build());
            if (endpoint != null) {
                b.endpointOverride(endpoint);
            }
            b.region(Region.of(region != null ? region : defaultRegion()));
            try {
                return new S3BlobStore(this, b.build(), true);
            } catch (SdkException e) {
                throw new StoreUnavailableException("Could not set up the S3 client for s3://" + bucket + ": "
                        + StoreUri.redact(e.getMessage()), e);
            }
        }

        private static String defaultRegion() {
            String env = System.getenv("AWS_REGION");
            if (env == null || env.isBlank()) {
                env = System.getenv("AWS_DEFAULT_REGION");
            }
            if (env == null || env.isBlank()) {
                env = System.getProperty("aws.region");
            }
            return env == null || env.isBlank() ? "us-east-1" : env;
        }
    }
}
