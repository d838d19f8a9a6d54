package dev.mlops.registry.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.mlops.registry.jdbc.internal.ChunkInputStream;
import dev.mlops.registry.jdbc.internal.JdbcLocation;
import dev.mlops.registry.jdbc.internal.Schema;
import dev.mlops.registry.jdbc.internal.SqlFailures;
import dev.mlops.registry.spi.BlobInfo;
import dev.mlops.registry.spi.BlobStore;
import dev.mlops.registry.spi.CorruptedContentException;
import dev.mlops.registry.spi.Digest;
import dev.mlops.registry.spi.Names;
import dev.mlops.registry.spi.NotFoundException;
import dev.mlops.registry.spi.Page;
import dev.mlops.registry.spi.RecordStore;
import dev.mlops.registry.spi.Store;
import dev.mlops.registry.spi.StoreUnavailableException;
import dev.mlops.registry.spi.StoreUri;
import dev.mlops.registry.spi.VerifyingInputStream;
import dev.mlops.registry.spi.VersionedRecord;
import dev.mlops.registry.spi.WriteResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The PostgreSQL store: records (and, unless blobs live elsewhere, blobs) in one shared database, so a fleet of
 * services can use one registry at once. Open it by URI through {@link dev.mlops.registry.spi.Stores}
 * ({@code jdbc:postgresql://db:5432/mlops?user=mlops&password=...}) or with {@link #builder(String)}.
 *
 * <p><b>Records.</b> Each conditional write is a single SQL statement: create-if-absent is
 * {@code INSERT ... ON CONFLICT DO NOTHING}, compare-and-set is {@code UPDATE ... WHERE revision = ?}, delete is
 * {@code DELETE ... WHERE revision = ?}. PostgreSQL's row locks make each linearizable per key across every process
 * that uses the database; there is no read-modify-write race.
 *
 * <p><b>Blobs.</b> Content is streamed into {@code blob_chunks} rows of {@code chunkSize} bytes (1 MiB by default)
 * in one transaction that also inserts the {@code blobs} row, so memory stays constant whatever the size (there is
 * no 1 GB {@code bytea} limit) and a blob becomes visible only with all of its bytes. Reads fetch one chunk per
 * query, so a slow reader holds no connection and no transaction.
 *
 * <p><b>Failures.</b> Serialization failures (40001), deadlocks (40P01), connection failures (08xxx), terminated
 * backends (57P01) and an exhausted pool are retried up to {@code maxRetries} times (default 6) and for at most
 * {@code retryBudget} (default 30 s), with exponential backoff and jitter (10 ms doubling, capped at 1 s). A record
 * write whose connection broke mid-statement is ambiguous — it may have committed — so every write carries a fresh
 * id that the same statement records in a journal table ({@code record_writes}), and the retry first looks its id
 * up: a write that committed is reported applied (with its revision) and never applied twice, even when other
 * writers changed the record since. Other errors surface as
 * {@link StoreUnavailableException} with the SQL state and the (credential-free) location.
 *
 * <p>The schema (default {@code mlops}) is created or migrated on first use, in one transaction under an advisory
 * lock, and versioned in {@code <schema>.schema_version}. Thread-safe: one
 * instance (and its connection pool) serves any number of threads.
 */
public final class PostgresStore implements RecordStore, BlobStore {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresStore.class);
    /** The default schema. */
    public static final String DEFAULT_SCHEMA = "mlops";
    /** The default chunk size of stored blobs: 1 MiB. */
    public static final int DEFAULT_CHUNK_SIZE = 1 << 20;
    /** The default pool size. */
    public static final int DEFAULT_POOL_SIZE = 10;
    /** The default number of retries of a transient failure. */
    public static final int DEFAULT_MAX_RETRIES = 6;

    private final HikariDataSource pool;
    private final String where;
    private final String s; // schema, a checked identifier
    private final int chunkSize;
    private final int maxRetries;
    private final Duration retryBudget;
    private final Clock clock;
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private volatile boolean closed;

    private PostgresStore(Builder b, HikariDataSource pool) {
        this.pool = pool;
        this.where = b.where;
        this.s = b.schema;
        this.chunkSize = b.chunkSize;
        this.maxRetries = b.maxRetries;
        this.retryBudget = b.retryBudget;
        this.clock = b.clock;
    }

    /**
     * A builder for the database at {@code jdbcUrl} ({@code jdbc:postgresql://host[:port]/database[?params]}).
     * Credentials may be given as {@code user}/{@code password} parameters of the URL, as user info
     * ({@code //user:secret@host/db}) or with {@link Builder#user}/{@link Builder#password}; the store's own parameters
     * ({@code schema}, {@code poolSize}, {@code chunkSize}, {@code maxRetries}) may also be in the URL.
     */
    public static Builder builder(String jdbcUrl) {
        return new Builder(jdbcUrl);
    }

    /** Opens the store that {@code uri} names, with defaults for everything the URI does not say. */
    public static PostgresStore open(String uri) {
        return builder(uri).build();
    }

    /** This store as a {@link Store} pair (records and blobs in one database). */
    public Store asStore() {
        return Store.of(this, this, where);
    }

    /** How many transient failures were retried since the store was opened (for metrics and tests). */
    public long retriedFailures() {
        return retries.get();
    }

    /** The schema this store keeps its tables in. */
    public String schema() {
        return s;
    }

    // ---------------------------------------------------------------- records

    @Override
    public Optional<VersionedRecord> get(String collection, String key) {
        check(collection, key);
        return retrying("read record " + collection + "/" + key, null, c -> readRecord(c, collection, key));
    }

    private Optional<VersionedRecord> readRecord(Connection c, String collection, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT document, revision FROM " + s + ".records WHERE collection = ? AND key = ?")) {
            ps.setString(1, collection);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new VersionedRecord(key, rs.getBytes(1), rs.getLong(2))) : Optional.empty();
            }
        }
    }

    @Override
    public WriteResult createIfAbsent(String collection, String key, byte[] document) {
        check(collection, key);
        RecordStore.checkDocument(document);
        UUID writeId = UUID.randomUUID();
        return retrying("create record " + collection + "/" + key,
                c -> journaled(c, writeId).map(WriteResult::applied).orElse(null),
                c -> {
                    try (PreparedStatement ps = c.prepareStatement("WITH ins AS (INSERT INTO " + s + ".records "
                            + "(collection, key, revision, document, write_id) VALUES (?, ?, 1, ?, ?) "
                            + "ON CONFLICT (collection, key) DO NOTHING RETURNING revision) "
                            + "INSERT INTO " + s + ".record_writes (write_id, revision) "
                            + "SELECT ?, revision FROM ins RETURNING revision")) {
                        ps.setString(1, collection);
                        ps.setString(2, key);
                        ps.setBytes(3, document);
                        ps.setObject(4, writeId);
                        ps.setObject(5, writeId);
                        try (ResultSet rs = ps.executeQuery()) {
                            if (rs.next()) {
                                pruneJournalNowAndThen(c);
                                return WriteResult.applied(rs.getLong(1));
                            }
                        }
                    }
                    long current = currentRevision(c, collection, key);
                    // deleted between the two statements: "absent" is no answer to a failed create, so try again
                    return current == 0 ? null : WriteResult.rejected(current);
                }, true);
    }

    @Override
    public WriteResult compareAndSet(String collection, String key, long expectedRevision, byte[] document) {
        check(collection, key);
        RecordStore.checkDocument(document);
        UUID writeId = UUID.randomUUID();
        return retrying("compare-and-set record " + collection + "/" + key,
                c -> journaled(c, writeId).map(WriteResult::applied).orElse(null),
                c -> {
                    try (PreparedStatement ps = c.prepareStatement("WITH upd AS (UPDATE " + s + ".records "
                            + "SET document = ?, revision = revision + 1, write_id = ?, updated_at = now() "
                            + "WHERE collection = ? AND key = ? AND revision = ? RETURNING revision) "
                            + "INSERT INTO " + s + ".record_writes (write_id, revision) "
                            + "SELECT ?, revision FROM upd RETURNING revision")) {
                        ps.setBytes(1, document);
                        ps.setObject(2, writeId);
                        ps.setString(3, collection);
                        ps.setString(4, key);
                        ps.setLong(5, expectedRevision);
                        ps.setObject(6, writeId);
                        try (ResultSet rs = ps.executeQuery()) {
                            if (rs.next()) {
                                pruneJournalNowAndThen(c);
                                return WriteResult.applied(rs.getLong(1));
                            }
                        }
                    }
                    return WriteResult.rejected(currentRevision(c, collection, key));
                });
    }

    @Override
    public boolean delete(String collection, String key, long expectedRevision) {
        check(collection, key);
        UUID writeId = UUID.randomUUID();
        return retrying("delete record " + collection + "/" + key,
                c -> journaled(c, writeId).map(rev -> Boolean.TRUE).orElse(null),
                c -> {
                    try (PreparedStatement ps = c.prepareStatement("WITH del AS (DELETE FROM " + s + ".records "
                            + "WHERE collection = ? AND key = ? AND revision = ? RETURNING revision) "
                            + "INSERT INTO " + s + ".record_writes (write_id, revision) "
                            + "SELECT ?, revision FROM del RETURNING revision")) {
                        ps.setString(1, collection);
                        ps.setString(2, key);
                        ps.setLong(3, expectedRevision);
                        ps.setObject(4, writeId);
                        try (ResultSet rs = ps.executeQuery()) {
                            return rs.next();
                        }
                    }
                });
    }

    @Override
    public Page<String> list(String collection, String prefix, String pageToken, int limit) {
        ensureOpen();
        Names.checkCollection(collection);
        Names.checkPrefix(prefix);
        Page.checkLimit(limit);
        String after = pageToken != null && pageToken.compareTo(prefix) >= 0 ? pageToken : null;
        List<String> keys = retrying("list records " + collection + "/" + prefix + "*", null, c -> {
            String sql = "SELECT key FROM " + s + ".records WHERE collection = ? AND key >= ? AND left(key, ?) = ?"
                    + (after != null ? " AND key > ?" : "") + " ORDER BY key LIMIT ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setString(i++, collection);
                ps.setString(i++, prefix);
                ps.setInt(i++, prefix.length());
                ps.setString(i++, prefix);
                if (after != null) {
                    ps.setString(i++, after);
                }
                ps.setInt(i, limit + 1);
                List<String> out = new ArrayList<>(Math.min(limit + 1, 256));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
        if (keys.size() > limit) {
            List<String> page = keys.subList(0, limit);
            return new Page<>(page, page.get(limit - 1));
        }
        return new Page<>(keys, null);
    }

    private long currentRevision(Connection c, String collection, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT revision FROM " + s + ".records WHERE collection = ? AND key = ?")) {
            ps.setString(1, collection);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** The revision that the write {@code writeId} produced, if it committed (looked up after an ambiguous failure). */
    private Optional<Long> journaled(Connection c, UUID writeId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT revision FROM " + s + ".record_writes WHERE write_id = ?")) {
            ps.setObject(1, writeId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    /** Every 1024th write of this instance prunes journal entries older than an hour (far beyond any retry). */
    private void pruneJournalNowAndThen(Connection c) {
        if ((writes.incrementAndGet() & 1023) != 0) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + s + ".record_writes "
                + "WHERE written_at < now() - interval '1 hour'")) {
            ps.executeUpdate();
        } catch (SQLException e) {
            LOG.debug("Pruning the write journal of {} failed; the next prune will catch up: {}", where,
                    StoreUri.redact(e.getMessage()));
        }
    }

    // ---------------------------------------------------------------- blobs

    @Override
    public BlobInfo put(InputStream in) {
        return put(in, null);
    }

    @Override
    public BlobInfo put(InputStream in, Digest expected) {
        ensureOpen();
        Objects.requireNonNull(in, "in");
        if (expected != null && storedIntact(expected)) {
            Optional<BlobInfo> refreshed = refresh(expected);
            if (refreshed.isPresent()) {
                return refreshed.get();
            }
        }
        // The content can be read once only, so this transaction is not retried: a failure rolls everything back.
        try (Connection c = connection("store a blob")) {
            c.setAutoCommit(false);
            try {
                BlobInfo info = writeBlob(c, in, expected);
                c.commit();
                return info;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw unavailable("store a blob (nothing was stored; put it again)", e);
        }
    }

    private BlobInfo writeBlob(Connection c, InputStream in, Digest expected) throws SQLException {
        long blobId;
        try (PreparedStatement ps = c.prepareStatement("SELECT nextval('" + s + ".blob_ids')");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            blobId = rs.getLong(1);
        }
        MessageDigest md = Digest.newMessageDigest();
        byte[] buf = new byte[chunkSize];
        long size = 0;
        int seq = 0;
        try (PreparedStatement ins = c.prepareStatement(
                "INSERT INTO " + s + ".blob_chunks (blob_id, seq, data) VALUES (?, ?, ?)")) {
            while (true) {
                int n = readFully(in, buf);
                if (n == 0) {
                    break;
                }
                md.update(buf, 0, n);
                ins.setLong(1, blobId);
                ins.setInt(2, seq++);
                ins.setBinaryStream(3, new ByteArrayInputStream(buf, 0, n), n);
                ins.executeUpdate();
                size += n;
                if (n < buf.length) {
                    break;
                }
            }
        }
        Digest actual = Digest.ofBytes(md.digest());
        if (expected != null && !expected.equals(actual)) {
            throw new CorruptedContentException("Expected content with digest " + expected + " but it hashes to "
                    + actual + "; nothing was stored in " + where + ". Check that the digest belongs to this content.");
        }
        Instant now = now();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + s + ".blobs (digest, blob_id, size, last_used) "
                + "VALUES (?, ?, ?, ?) ON CONFLICT (digest) DO NOTHING")) {
            ps.setString(1, actual.hex());
            ps.setLong(2, blobId);
            ps.setLong(3, size);
            ps.setObject(4, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            if (ps.executeUpdate() == 1) {
                return new BlobInfo(actual, size, now);
            }
        }
        // The content was already there (perhaps put by another writer a moment ago). When the stored copy no longer
        // hashes to its digest, this good copy takes its place in the same transaction; otherwise ours is dropped.
        long[] stored = lockStored(c, actual);
        if (stored != null && !chunksHashTo(c, stored[0], stored[1], actual)) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + s + ".blobs SET blob_id = ?, size = ?, "
                    + "last_used = ? WHERE digest = ?")) {
                ps.setLong(1, blobId);
                ps.setLong(2, size);
                ps.setObject(3, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                ps.setString(4, actual.hex());
                ps.executeUpdate();
            }
            try (PreparedStatement del = c.prepareStatement("DELETE FROM " + s + ".blob_chunks WHERE blob_id = ?")) {
                del.setLong(1, stored[0]);
                del.executeUpdate();
            }
            LOG.warn("Replaced the damaged stored copy of blob {} in {} with content that hashes to it", actual, where);
            return new BlobInfo(actual, size, now);
        }
        try (PreparedStatement del = c.prepareStatement("DELETE FROM " + s + ".blob_chunks WHERE blob_id = ?")) {
            del.setLong(1, blobId);
            del.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + s + ".blobs SET last_used = ? WHERE digest = ? "
                + "RETURNING size")) {
            ps.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            ps.setString(2, actual.hex());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return new BlobInfo(actual, rs.getLong(1), now);
                }
            }
        }
        // deleted by garbage collection between the two statements: extremely rare; the caller may simply retry
        throw new StoreUnavailableException("Blob " + actual + " was deleted from " + where
                + " while it was being stored again; nothing was stored. Put it again.");
    }

    /** The blob id and size of {@code d}'s row, locked for this transaction; null when there is none. */
    private long[] lockStored(Connection c, Digest d) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT blob_id, size FROM " + s + ".blobs WHERE digest = ? "
                + "FOR UPDATE")) {
            ps.setString(1, d.hex());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new long[] {rs.getLong(1), rs.getLong(2)} : null;
            }
        }
    }

    /** Whether the chunks of {@code blobId} add up to {@code size} bytes that hash to {@code d} (streamed). */
    private boolean chunksHashTo(Connection c, long blobId, long size, Digest d) throws SQLException {
        MessageDigest md = Digest.newMessageDigest();
        long total = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT data FROM " + s + ".blob_chunks WHERE blob_id = ? "
                + "ORDER BY seq")) {
            ps.setFetchSize(4);
            ps.setLong(1, blobId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byte[] b = rs.getBytes(1);
                    md.update(b);
                    total += b.length;
                }
            }
        }
        return total == size && Digest.ofBytes(md.digest()).equals(d);
    }

    /**
     * Whether {@code d} is stored and its bytes still hash to it. A put with a known digest only skips reading its
     * content when this holds, so a damaged copy is replaced rather than kept.
     */
    private boolean storedIntact(Digest d) {
        try (InputStream in = get(d)) {
            in.transferTo(OutputStream.nullOutputStream());
            return true;
        } catch (NotFoundException | CorruptedContentException e) {
            return false;
        } catch (IOException e) {
            throw new StoreUnavailableException("Could not read blob " + d + " in " + where + ": " + e.getMessage(), e);
        }
    }

    private Optional<BlobInfo> refresh(Digest d) {
        Instant now = now();
        return retrying("refresh blob " + d, null, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + s + ".blobs SET last_used = ? WHERE digest = ? "
                    + "RETURNING size")) {
                ps.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                ps.setString(2, d.hex());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new BlobInfo(d, rs.getLong(1), now)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public InputStream get(Digest digest) {
        ensureOpen();
        Objects.requireNonNull(digest, "digest");
        long[] idAndSize = retrying("open blob " + digest, null, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT blob_id, size FROM " + s + ".blobs WHERE digest = ?")) {
                ps.setString(1, digest.hex());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new long[] {rs.getLong(1), rs.getLong(2)} : null;
                }
            }
        });
        if (idAndSize == null) {
            throw new NotFoundException("No blob " + digest + " in " + where
                    + ". It was never stored here or was garbage-collected.", "blob", digest.toString(), null);
        }
        long blobId = idAndSize[0];
        ChunkInputStream raw = new ChunkInputStream(seq -> readChunk(blobId, seq));
        return new VerifyingInputStream(raw, digest, idAndSize[1], where);
    }

    private byte[] readChunk(long blobId, int seq) throws IOException {
        try {
            return retrying("read blob chunk", null, c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT data FROM " + s + ".blob_chunks WHERE blob_id = ? AND seq = ?")) {
                    ps.setLong(1, blobId);
                    ps.setInt(2, seq);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? rs.getBytes(1) : null;
                    }
                }
            });
        } catch (StoreUnavailableException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public boolean exists(Digest digest) {
        return stat(digest).isPresent();
    }

    @Override
    public Optional<BlobInfo> stat(Digest digest) {
        ensureOpen();
        Objects.requireNonNull(digest, "digest");
        return retrying("stat blob " + digest, null, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT size, last_used FROM " + s + ".blobs WHERE digest = ?")) {
                ps.setString(1, digest.hex());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new BlobInfo(digest, rs.getLong(1), instant(rs, 2))) : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean delete(Digest digest) {
        ensureOpen();
        Objects.requireNonNull(digest, "digest");
        // one statement: both deletes commit together; after an ambiguous failure the blob is gone either way
        return retrying("delete blob " + digest, c -> Boolean.TRUE, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "WITH gone AS (DELETE FROM " + s + ".blobs WHERE digest = ? RETURNING blob_id), "
                            + "chunks AS (DELETE FROM " + s + ".blob_chunks WHERE blob_id IN (SELECT blob_id FROM gone)) "
                            + "SELECT count(*) FROM gone")) {
                ps.setString(1, digest.hex());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1) > 0;
                }
            }
        });
    }

    @Override
    public Page<BlobInfo> list(String pageToken, int limit) {
        ensureOpen();
        Page.checkLimit(limit);
        String after = pageToken == null ? null : Digest.parse(pageToken).hex();
        List<BlobInfo> items = retrying("list blobs", null, c -> {
            String sql = "SELECT digest, size, last_used FROM " + s + ".blobs"
                    + (after != null ? " WHERE digest > ?" : "") + " ORDER BY digest LIMIT ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                if (after != null) {
                    ps.setString(i++, after);
                }
                ps.setInt(i, limit + 1);
                List<BlobInfo> out = new ArrayList<>(Math.min(limit + 1, 256));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new BlobInfo(Digest.parse(rs.getString(1)), rs.getLong(2), instant(rs, 3)));
                    }
                }
                return out;
            }
        });
        if (items.size() > limit) {
            List<BlobInfo> page = items.subList(0, limit);
            return new Page<>(page, page.get(limit - 1).digest().hex());
        }
        return new Page<>(items, null);
    }

    // ---------------------------------------------------------------- lifecycle

    /** Closes the connection pool; further calls fail with {@link StoreUnavailableException}. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            pool.close();
        }
    }

    @Override
    public String toString() {
        return "PostgresStore[" + where + ", schema " + s + "]";
    }

    // ---------------------------------------------------------------- plumbing

    /** A unit of work on one connection. */
    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} on a pooled connection, retrying transient failures. After an ambiguous failure (the
     * connection broke mid-statement), {@code ifApplied} runs first on a fresh connection: a non-null answer is the
     * outcome of the earlier attempt that did commit. {@code work} returning null means "try again" (a race between
     * its statements) when {@code nullMeansAgain}.
     */
    private <T> T retrying(String what, Work<T> ifApplied, Work<T> work) {
        return retrying(what, ifApplied, work, false);
    }

    private <T> T retrying(String what, Work<T> ifApplied, Work<T> work, boolean nullMeansAgain) {
        ensureOpen();
        boolean ambiguous = false;
        SQLException last = null;
        long deadline = System.nanoTime() + retryBudget.toNanos();
        for (int attempt = 0; attempt <= maxRetries; attempt++) {
            if (attempt > 0) {
                if (System.nanoTime() - deadline > 0) {
                    break; // bounded in time as well as in attempts
                }
                retries.incrementAndGet();
                backoff(attempt);
                ensureOpen();
            }
            try (Connection c = pool.getConnection()) {
                if (ambiguous && ifApplied != null) {
                    T done = ifApplied.run(c);
                    if (done != null) {
                        return done;
                    }
                }
                ambiguous = false;
                T out = work.run(c);
                if (out != null || !nullMeansAgain) {
                    return out;
                }
                // a race between two statements (e.g. deleted between insert and read): go round again
                if (attempt == maxRetries) {
                    throw new StoreUnavailableException("Could not " + what + " in " + where + ": the record kept "
                            + "changing under concurrent writers for " + (maxRetries + 1) + " attempts. Try again.");
                }
            } catch (SQLException e) {
                last = e;
                SqlFailures.Kind kind = SqlFailures.classify(e);
                if (kind == SqlFailures.Kind.PERMANENT || closed) {
                    throw unavailable(what, e);
                }
                ambiguous |= kind == SqlFailures.Kind.AMBIGUOUS;
                LOG.debug("Transient failure to {} in {} (SQL state {}), attempt {} of {}", what, where,
                        e.getSQLState(), attempt + 1, maxRetries + 1);
            }
        }
        throw new StoreUnavailableException("Could not " + what + " in " + where + " after retrying for up to "
                + (maxRetries + 1) + " attempts or " + retryBudget.toSeconds() + " s; the last failure was SQL state "
                + (last == null ? "?" : last.getSQLState()) + ": "
                + (last == null ? "" : StoreUri.redact(last.getMessage()))
                + ". Check that the database is up and reachable.", last);
    }

    private static void backoff(int attempt) {
        long capMillis = Math.min(1000, 10L << Math.min(attempt - 1, 10));
        long sleep = capMillis / 2 + ThreadLocalRandom.current().nextLong(capMillis / 2 + 1);
        try {
            Thread.sleep(sleep);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("Interrupted while waiting to retry a database operation");
        }
    }

    private Connection connection(String what) {
        ensureOpen();
        SQLException last = null;
        for (int attempt = 0; attempt <= maxRetries; attempt++) {
            if (attempt > 0) {
                retries.incrementAndGet();
                backoff(attempt);
            }
            try {
                return pool.getConnection();
            } catch (SQLException e) {
                last = e;
                if (SqlFailures.classify(e) == SqlFailures.Kind.PERMANENT) {
                    break;
                }
            }
        }
        throw unavailable(what, last);
    }

    private StoreUnavailableException unavailable(String what, SQLException e) {
        return new StoreUnavailableException("Could not " + what + " in " + where + ": SQL state "
                + (e == null ? "?" : e.getSQLState()) + ": " + (e == null ? "" : StoreUri.redact(e.getMessage()))
                + ". Check the database, the credentials and the user's privileges on schema '" + s + "'.", e);
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS); // PostgreSQL keeps microseconds
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
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

    private void check(String collection, String key) {
        ensureOpen();
        Names.checkCollection(collection);
        Names.checkKey(key);
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreUnavailableException("The store " + where + " is closed; open a new one.");
        }
    }

    /**
     * Configures a {@link PostgresStore}. {@link #build()} validates, opens the pool and creates or migrates the schema.
     * Not thread-safe; the store it builds is.
     */
    public static final class Builder {
        private final String url;
        private final String where;
        private String user;
        private String password;
        private String schema = DEFAULT_SCHEMA;
        private int poolSize = DEFAULT_POOL_SIZE;
        private int chunkSize = DEFAULT_CHUNK_SIZE;
        private int maxRetries = DEFAULT_MAX_RETRIES;
        private Duration connectionTimeout = Duration.ofSeconds(10);
        private Duration retryBudget = Duration.ofSeconds(30);
        private Clock clock = Clock.systemUTC();

        private Builder(String jdbcUrl) {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            this.where = StoreUri.redact(jdbcUrl);
            JdbcLocation loc = JdbcLocation.parse(jdbcUrl.strip());
            this.url = loc.driverUrl();
            this.user = loc.user();
            this.password = loc.password();
            loc.options().forEach((k, v) -> {
                switch (k) {
                    case "schema" -> schema(v);
                    case "poolSize" -> poolSize(intOption(k, v));
                    case "chunkSize" -> chunkSize(intOption(k, v));
                    case "maxRetries" -> maxRetries(intOption(k, v));
                    default -> throw new IllegalStateException(k);
                }
            });
        }

        private int intOption(String name, String value) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Expected a whole number for '" + name + "' in " + where
                        + ", found '" + value + "'");
            }
        }

        /** The database user (overrides one in the URL). */
        public Builder user(String user) {
            this.user = Objects.requireNonNull(user, "user");
            return this;
        }

        /** The database password (overrides one in the URL). Never logged. */
        public Builder password(String password) {
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /** The schema for the store's tables (default {@value DEFAULT_SCHEMA}); created when missing. */
        public Builder schema(String schema) {
            this.schema = Schema.checkName(schema);
            return this;
        }

        /** The most connections this store opens (default {@value DEFAULT_POOL_SIZE}). */
        public Builder poolSize(int poolSize) {
            if (poolSize < 1 || poolSize > 1000) {
                throw new IllegalArgumentException("Expected a pool size of 1-1000, found " + poolSize);
            }
            this.poolSize = poolSize;
            return this;
        }

        /** The size of a stored blob chunk, 4 KiB to 64 MiB (default 1 MiB); memory per put is one chunk. */
        public Builder chunkSize(int chunkSize) {
            if (chunkSize < 4096 || chunkSize > 64 << 20) {
                throw new IllegalArgumentException("Expected a chunk size of 4096 to 67108864 bytes, found " + chunkSize);
            }
            this.chunkSize = chunkSize;
            return this;
        }

        /** How often a transient failure is retried (default {@value DEFAULT_MAX_RETRIES}; 0 to never retry). */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0 || maxRetries > 100) {
                throw new IllegalArgumentException("Expected 0-100 retries, found " + maxRetries);
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /**
         * How long an operation keeps retrying transient failures, counted from its first attempt (default 30 s);
         * no new attempt starts after that, whatever {@link #maxRetries} allows.
         */
        public Builder retryBudget(Duration budget) {
            if (budget.isNegative()) {
                throw new IllegalArgumentException("Expected a retry budget >= 0, found " + budget);
            }
            this.retryBudget = budget;
            return this;
        }

        /** How long to wait for a connection from the pool before a retry (default 10 s). */
        public Builder connectionTimeout(Duration timeout) {
            if (timeout.toMillis() < 250) {
                throw new IllegalArgumentException("Expected a connection timeout of at least 250 ms, found " + timeout);
            }
            this.connectionTimeout = timeout;
            return this;
        }

        /** The clock of the blobs' last-used marks (tests pass a fake one). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Opens the pool, checks the database is reachable and creates or migrates the schema.
         *
         * @throws StoreUnavailableException when the database cannot be reached or migrated
         */
        public PostgresStore build() {
            HikariConfig cfg = new HikariConfig();
            cfg.setJdbcUrl(url);
            if (user != null) {
                cfg.setUsername(user);
            }
            if (password != null) {
                cfg.setPassword(password);
            }
            cfg.setMaximumPoolSize(poolSize);
            cfg.setMinimumIdle(Math.min(2, poolSize));
            cfg.setConnectionTimeout(connectionTimeout.toMillis());
            cfg.setPoolName("mlops-" + schema);
            cfg.setAutoCommit(true);
            cfg.setInitializationFailTimeout(-1); // connect lazily; the migration below reports failures clearly
            cfg.addDataSourceProperty("ApplicationName", "mlops-store-jdbc");
            cfg.addDataSourceProperty("reWriteBatchedInserts", "true");
            HikariDataSource ds;
            try {
                ds = new HikariDataSource(cfg);
            } catch (RuntimeException e) {
                throw new StoreUnavailableException("Could not set up a connection pool for " + where + ": "
                        + StoreUri.redact(String.valueOf(e.getMessage())), e);
            }
            PostgresStore store = new PostgresStore(this, ds);
            try {
                int before = store.retrying("create or migrate the schema '" + schema + "'", null,
                        c -> Schema.migrate(c, schema));
                if (before < Schema.CURRENT_VERSION) {
                    LOG.info("Schema '{}' in {} migrated from format version {} to {}", schema, where, before,
                            Schema.CURRENT_VERSION);
                }
            } catch (IllegalStateException e) {
                store.close();
                throw new StoreUnavailableException(StoreUri.redact(e.getMessage()), e);
            } catch (RuntimeException e) {
                store.close();
                throw e;
            }
            return store;
        }
    }
}
