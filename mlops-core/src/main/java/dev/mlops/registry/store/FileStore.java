package dev.mlops.registry.store;

import dev.mlops.registry.spi.BlobInfo;
import dev.mlops.registry.spi.BlobStore;
import dev.mlops.registry.spi.CorruptedContentException;
import dev.mlops.registry.spi.Digest;
import dev.mlops.registry.spi.InvalidNameException;
import dev.mlops.registry.spi.Names;
import dev.mlops.registry.spi.NotFoundException;
import dev.mlops.registry.spi.Page;
import dev.mlops.registry.spi.RecordStore;
import dev.mlops.registry.spi.Store;
import dev.mlops.registry.spi.StoreUnavailableException;
import dev.mlops.registry.spi.VerifyingInputStream;
import dev.mlops.registry.spi.VersionedRecord;
import dev.mlops.registry.spi.WriteResult;
import dev.mlops.registry.store.internal.RecordFileFormat;
import dev.mlops.registry.store.internal.StripedFileLocks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code file:} store, the embedded default: records and blobs in one directory on a <b>local</b> file system,
 * laid out so anyone can inspect it.
 *
 * <pre>
 * &lt;root&gt;/
 *   mlops-store.json                       {"format":"mlops-file-store","version":1}
 *   blobs/sha256/&lt;first 2 hex&gt;/&lt;64 hex&gt;     one file per blob, exactly its bytes; mtime = last-used mark
 *   records/&lt;collection&gt;/&lt;seg&gt;.d/…/&lt;last seg&gt;.rec
 *                                          one file per record: a header line
 *                                          "mlops-record 1 &lt;revision&gt; &lt;length&gt; &lt;crc32c&gt;" then the document
 *   tmp/&lt;pid&gt;-&lt;uuid&gt;.tmp                   files being written (never read; leftovers of dead processes are removed)
 *   locks/stripe-NN.lock                   lock files (64 stripes; empty, never deleted)
 * </pre>
 * A key {@code models/iris/versions/3} in collection {@code registry} lives in
 * {@code records/registry/models.d/iris.d/versions.d/3.rec}. The {@code .d} and {@code .rec} suffixes keep a key and
 * the keys below it apart ({@code a} and {@code a/b} can both exist), and names are checked with {@link Names} before
 * anything touches the disk (lower case only, so no case-only collisions on case-insensitive file systems), and every
 * resolved path is checked to stay under the root.
 *
 * <p><b>Crash safety.</b> Every write goes to a temporary file in {@code tmp/}, which is flushed with {@code fsync},
 * atomically renamed over its target, and the target directory is flushed. A process killed at any instant leaves
 * every record old or new (never torn or empty) and never a visible blob whose bytes do not match its name. Leftover
 * temporary files are ignored and removed when a store is next opened (those of processes still alive are kept).
 * {@link Builder#fsync(boolean) fsync(false)} skips the flushes: still safe when a process dies, but an operating
 * system crash or power loss may then lose recent writes.
 *
 * <p><b>Concurrency.</b> Conditional record writes ({@code createIfAbsent}, {@code compareAndSet}, {@code delete}) and
 * the publishing step of a blob put run under one of 64 lock stripes chosen by key hash; a stripe is an OS
 * {@link java.nio.channels.FileLock} on a dedicated lock file (between processes) plus an in-JVM lock (between
 * threads; shared by every {@code FileStore} of this JVM on the same directory). So they are linearizable per key
 * across threads and processes. Reads take no lock: a record file is replaced by an atomic rename, and blobs are
 * immutable, so a reader sees the old or the new file and never waits for a writer. OS file locks and atomic renames
 * are only reliable on local file systems: do not put a file store on NFS or SMB; use a database or object store
 * plugin there.
 *
 * <p>Thread-safe; any number of threads and processes may use the same directory at once.
 */
public final class FileStore implements RecordStore, BlobStore {
    /** The name of the marker file at the root. */
    public static final String MARKER = "mlops-store.json";
    /** The on-disk format version this library writes. */
    public static final int FORMAT_VERSION = 1;

    private static final Logger LOG = LoggerFactory.getLogger(FileStore.class);
    private static final String RECORD_SUFFIX = ".rec";
    private static final String DIR_SUFFIX = ".d";
    private static final int BUFFER = 1 << 20;
    private static final Pattern MARKER_VERSION = Pattern.compile("\"version\"\\s*:\\s*(\\d+)");
    private static final Pattern TMP_NAME = Pattern.compile("(\\d+)-[0-9a-f-]+\\.tmp");
    private static final Duration ORPHAN_AGE = Duration.ofHours(24);
    private static final ThreadLocal<byte[]> BUFFERS = ThreadLocal.withInitial(() -> new byte[BUFFER]);

    private final Path root;
    private final Path blobsDir;
    private final Path recordsDir;
    private final Path tmpDir;
    private final Clock clock;
    private final boolean fsync;
    private final StripedFileLocks locks;
    private final String pidPrefix = ProcessHandle.current().pid() + "-";
    private volatile boolean closed;

    private FileStore(Builder b) {
        try {
            Files.createDirectories(b.root);
            this.root = b.root.toRealPath();
        } catch (IOException e) {
            throw new StoreUnavailableException("Cannot create or open the store directory " + b.root
                    + ": " + e.getMessage() + ". Check the path and its permissions.", e);
        }
        this.blobsDir = root.resolve("blobs").resolve("sha256");
        this.recordsDir = root.resolve("records");
        this.tmpDir = root.resolve("tmp");
        this.clock = b.clock;
        this.fsync = b.fsync;
        Path locksDir = root.resolve("locks");
        try {
            checkOrWriteMarker();
            Files.createDirectories(blobsDir);
            Files.createDirectories(recordsDir);
            Files.createDirectories(tmpDir);
            Files.createDirectories(locksDir);
        } catch (IOException e) {
            throw new StoreUnavailableException("Cannot initialise the store directory " + root + ": "
                    + e.getMessage() + ". Check its permissions and free space.", e);
        }
        this.locks = StripedFileLocks.acquire(locksDir);
        removeOrphanedTemporaryFiles();
    }

    /** Opens (creating if needed) the store in {@code directory}, with fsync on and the system clock. */
    public static FileStore open(Path directory) {
        return builder(directory).build();
    }

    /** A builder for a store in {@code directory}. */
    public static Builder builder(Path directory) {
        return new Builder(directory);
    }

    /**
     * Options of a {@link FileStore}. Not thread-safe; {@link #build()} may be called more than once.
     */
    public static final class Builder {
        private final Path root;
        private Clock clock = Clock.systemUTC();
        private boolean fsync = true;

        private Builder(Path root) {
            this.root = Objects.requireNonNull(root, "directory");
        }

        /** The clock that stamps blobs' last-used marks (default: the system clock); for garbage-collection tests. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Whether writes are flushed to the device before they become visible (default {@code true}). With
         * {@code false}, writes are still atomic for readers and survive a killed process, but not an OS crash or
         * power loss. Use it for tests and caches.
         */
        public Builder fsync(boolean fsync) {
            this.fsync = fsync;
            return this;
        }

        /** Opens the store, creating the directory and its layout when absent. */
        public FileStore build() {
            return new FileStore(this);
        }
    }

    /** The root directory (a real path). */
    public Path root() {
        return root;
    }

    /** This store as a {@link Store} pair (records and blobs in one directory). */
    public Store asStore() {
        return Store.of(this, this, "file:" + root);
    }

    // ------------------------------------------------------------------------------------------------- records

    @Override
    public Optional<VersionedRecord> get(String collection, String key) {
        Path file = recordPath(collection, key);
        return read(file).map(d -> new VersionedRecord(key, d.document(), d.revision()));
    }

    @Override
    public WriteResult createIfAbsent(String collection, String key, byte[] document) {
        Path file = recordPath(collection, key);
        RecordStore.checkDocument(document);
        return locked(lockName(collection, key), () -> {
            Optional<RecordFileFormat.Decoded> current = read(file);
            if (current.isPresent()) {
                return WriteResult.rejected(current.get().revision());
            }
            writeAtomically(file, RecordFileFormat.encode(1, document));
            return WriteResult.applied(1);
        });
    }

    @Override
    public WriteResult compareAndSet(String collection, String key, long expectedRevision, byte[] document) {
        Path file = recordPath(collection, key);
        RecordStore.checkDocument(document);
        return locked(lockName(collection, key), () -> {
            Optional<RecordFileFormat.Decoded> current = read(file);
            if (current.isEmpty()) {
                return WriteResult.rejected(0);
            }
            long revision = current.get().revision();
            if (revision != expectedRevision) {
                return WriteResult.rejected(revision);
            }
            writeAtomically(file, RecordFileFormat.encode(revision + 1, document));
            return WriteResult.applied(revision + 1);
        });
    }

    @Override
    public boolean delete(String collection, String key, long expectedRevision) {
        Path file = recordPath(collection, key);
        return locked(lockName(collection, key), () -> {
            Optional<RecordFileFormat.Decoded> current = read(file);
            if (current.isEmpty() || current.get().revision() != expectedRevision) {
                return false;
            }
            Files.delete(file);
            syncDirectory(file.getParent());
            return true;
        });
    }

    @Override
    public Page<String> list(String collection, String prefix, String pageToken, int limit) {
        ensureOpen();
        Names.checkCollection(collection);
        Names.checkPrefix(prefix);
        Page.checkLimit(limit);
        // descend through the complete segments of the prefix, then walk what is below
        int cut = prefix.lastIndexOf('/');
        String dirKey = cut < 0 ? "" : prefix.substring(0, cut);
        Path dir = recordsDir.resolve(collection);
        if (!dirKey.isEmpty()) {
            for (String seg : dirKey.split("/")) {
                dir = dir.resolve(seg + DIR_SUFFIX);
            }
        }
        checkUnderRoot(dir);
        List<String> keys = new ArrayList<>();
        try {
            collectKeys(dir, dirKey.isEmpty() ? "" : dirKey + "/", prefix, keys);
        } catch (IOException e) {
            throw unavailable("listing " + collection + "/" + prefix, e);
        }
        Collections.sort(keys);
        List<String> out = new ArrayList<>(Math.min(limit, keys.size()));
        for (String k : keys) {
            if (pageToken != null && k.compareTo(pageToken) <= 0) {
                continue;
            }
            if (out.size() == limit) {
                return new Page<>(out, out.get(out.size() - 1));
            }
            out.add(k);
        }
        return new Page<>(out, null);
    }

    private static void collectKeys(Path dir, String keyOfDir, String prefix, List<String> out) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (name.endsWith(RECORD_SUFFIX)) {
                    String key = keyOfDir + name.substring(0, name.length() - RECORD_SUFFIX.length());
                    if (key.startsWith(prefix) && Names.isValidKey(key)) {
                        out.add(key);
                    }
                } else if (name.endsWith(DIR_SUFFIX) && Files.isDirectory(p)) {
                    String below = keyOfDir + name.substring(0, name.length() - DIR_SUFFIX.length()) + "/";
                    // descend only where keys can still match the prefix
                    if (below.startsWith(prefix) || prefix.startsWith(below)) {
                        collectKeys(p, below, prefix, out);
                    }
                }
            }
        } catch (NoSuchFileException e) {
            // no such collection or prefix directory: no keys
        }
    }

    private Optional<RecordFileFormat.Decoded> read(Path file) {
        ensureOpen();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw unavailable("reading " + root.relativize(file), e);
        }
        return Optional.of(RecordFileFormat.decode(bytes, file.toString()));
    }

    private Path recordPath(String collection, String key) {
        ensureOpen();
        Names.checkCollection(collection);
        Names.checkKey(key);
        Path p = recordsDir.resolve(collection);
        String[] segs = key.split("/");
        for (int i = 0; i < segs.length - 1; i++) {
            p = p.resolve(segs[i] + DIR_SUFFIX);
        }
        p = p.resolve(segs[segs.length - 1] + RECORD_SUFFIX);
        checkUnderRoot(p);
        return p;
    }

    private void checkUnderRoot(Path p) {
        if (!p.normalize().startsWith(root)) {
            throw new InvalidNameException("The name resolves to " + p + ", outside the store directory " + root
                    + ". Use names as described in dev.mlops.registry.spi.Names.");
        }
    }

    private static String lockName(String collection, String key) {
        return "r:" + collection + ':' + key;
    }

    // --------------------------------------------------------------------------------------------------- blobs

    @Override
    public BlobInfo put(InputStream in) {
        return put(in, null);
    }

    @Override
    public BlobInfo put(InputStream in, Digest expected) {
        ensureOpen();
        Objects.requireNonNull(in, "in");
        if (expected != null && intact(blobPath(expected), expected)) {
            Optional<BlobInfo> refreshed = refreshIfPresent(expected);
            if (refreshed.isPresent()) {
                return refreshed.get();
            }
        }
        Path tmp = newTemporaryFile();
        try {
            MessageDigest md = Digest.newMessageDigest();
            long size = 0;
            byte[] buf = BUFFERS.get();
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
                ByteBuffer bb = ByteBuffer.wrap(buf);
                while (true) {
                    int n = readInput(in, buf);
                    if (n <= 0) {
                        break;
                    }
                    md.update(buf, 0, n);
                    bb.clear().limit(n);
                    while (bb.hasRemaining()) {
                        out.write(bb);
                    }
                    size += n;
                }
                if (fsync) {
                    out.force(false); // fdatasync: content and size, which is all a new file needs
                }
            }
            Digest actual = Digest.ofBytes(md.digest());
            if (expected != null && !expected.equals(actual)) {
                throw new CorruptedContentException("Expected content with digest " + expected + " but it hashes to "
                        + actual + "; nothing was stored in " + root + ". Check that the digest belongs to this content.");
            }
            Instant now = now();
            Path target = blobPath(actual);
            long finalSize = size;
            // a stored copy that no longer hashes to its name is replaced by this good one (renamed over it)
            boolean keepStored = intact(target, actual);
            return locked("b:" + actual.hex(), () -> {
                if (keepStored && touch(target, now)) {
                    return new BlobInfo(actual, Files.size(target), now);
                }
                Files.setLastModifiedTime(tmp, FileTime.from(now));
                Path dir = target.getParent();
                boolean created = !Files.isDirectory(dir);
                if (created) {
                    Files.createDirectories(dir);
                    syncDirectory(blobsDir);
                }
                move(tmp, target);
                syncDirectory(dir);
                return new BlobInfo(actual, finalSize, now);
            });
        } catch (IOException e) {
            throw unavailable("storing a blob", e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /**
     * Whether the blob at {@code path} exists and its bytes hash to {@code digest}. Reads the whole blob: a put of
     * content that is already stored pays one read so that a damaged copy is repaired, never kept.
     */
    private boolean intact(Path path, Digest digest) {
        if (!Files.isRegularFile(path)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(path)) {
            MessageDigest md = Digest.newMessageDigest();
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return Digest.ofBytes(md.digest()).equals(digest);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw unavailable("reading blob " + digest, e);
        }
    }

    /** Reads the caller's content; its failures are the caller's, not the store's, so they are not wrapped as such. */
    private static int readInput(InputStream in, byte[] buf) {
        try {
            return in.readNBytes(buf, 0, buf.length);
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the content to store failed (nothing was stored): " + e.getMessage(), e);
        }
    }

    private Optional<BlobInfo> refreshIfPresent(Digest digest) {
        Path target = blobPath(digest);
        Instant now = now();
        return locked("b:" + digest.hex(), () -> touch(target, now)
                ? Optional.of(new BlobInfo(digest, Files.size(target), now))
                : Optional.<BlobInfo>empty());
    }

    /** Sets the last-used mark of an existing blob; false when it does not exist. */
    private static boolean touch(Path blob, Instant now) throws IOException {
        try {
            Files.setLastModifiedTime(blob, FileTime.from(now));
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    @Override
    public InputStream get(Digest digest) {
        ensureOpen();
        Path p = blobPath(digest);
        try {
            InputStream raw = Files.newInputStream(p);
            return new VerifyingInputStream(raw, digest, -1, p.toString());
        } catch (NoSuchFileException e) {
            throw new NotFoundException("No blob " + digest + " in " + root
                    + ". It was never stored here or was garbage-collected.", "blob", digest.toString(), null);
        } catch (IOException e) {
            throw unavailable("opening blob " + digest, e);
        }
    }

    @Override
    public boolean exists(Digest digest) {
        ensureOpen();
        return Files.isRegularFile(blobPath(digest));
    }

    @Override
    public Optional<BlobInfo> stat(Digest digest) {
        ensureOpen();
        try {
            BasicFileAttributes a = Files.readAttributes(blobPath(digest), BasicFileAttributes.class);
            return Optional.of(new BlobInfo(digest, a.size(), a.lastModifiedTime().toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw unavailable("reading the attributes of blob " + digest, e);
        }
    }

    @Override
    public boolean delete(Digest digest) {
        ensureOpen();
        Path p = blobPath(digest);
        return locked("b:" + digest.hex(), () -> {
            boolean deleted = Files.deleteIfExists(p);
            if (deleted) {
                syncDirectory(p.getParent());
            }
            return deleted;
        });
    }

    @Override
    public Page<BlobInfo> list(String pageToken, int limit) {
        ensureOpen();
        Page.checkLimit(limit);
        String after = pageToken == null ? null : Digest.parse(pageToken).hex();
        List<BlobInfo> out = new ArrayList<>(Math.min(limit, 256));
        try {
            List<String> fans = sortedNames(blobsDir);
            for (String fan : fans) {
                if (fan.length() != 2 || (after != null && fan.compareTo(after.substring(0, 2)) < 0)) {
                    continue;
                }
                for (String name : sortedNames(blobsDir.resolve(fan))) {
                    if (name.length() != 64 || !name.startsWith(fan) || (after != null && name.compareTo(after) <= 0)) {
                        continue;
                    }
                    Digest d;
                    try {
                        d = Digest.parse(name);
                    } catch (IllegalArgumentException notABlob) {
                        continue;
                    }
                    Optional<BlobInfo> info = stat(d);
                    if (info.isEmpty()) {
                        continue; // deleted meanwhile
                    }
                    if (out.size() == limit) {
                        return new Page<>(out, out.get(out.size() - 1).digest().hex());
                    }
                    out.add(info.get());
                }
            }
        } catch (IOException e) {
            throw unavailable("listing blobs", e);
        }
        return new Page<>(out, null);
    }

    private static List<String> sortedNames(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                names.add(p.getFileName().toString());
            }
        } catch (NoSuchFileException e) {
            return names;
        }
        Collections.sort(names);
        return names;
    }

    /** The file of a blob (package-private for this package's tests, which damage it to prove detection). */
    Path blobPath(Digest digest) {
        Objects.requireNonNull(digest, "digest");
        String hex = digest.hex();
        return blobsDir.resolve(hex.substring(0, 2)).resolve(hex);
    }

    // ----------------------------------------------------------------------------------------------- lifecycle

    /** Closes this store; further calls fail with {@link StoreUnavailableException}. Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            locks.release();
        }
    }

    @Override
    public String toString() {
        return "FileStore[" + root + "]";
    }

    // ----------------------------------------------------------------------------------------------- plumbing

    private <T> T locked(String name, StripedFileLocks.IoAction<T> action) {
        ensureOpen();
        try {
            return locks.withLock(name, action);
        } catch (IOException e) {
            throw unavailable("writing", e);
        }
    }

    private void writeAtomically(Path target, byte[] content) throws IOException {
        Path tmp = newTemporaryFile();
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
                ByteBuffer bb = ByteBuffer.wrap(content);
                while (bb.hasRemaining()) {
                    ch.write(bb);
                }
                if (fsync) {
                    ch.force(false);
                }
            }
            Path dir = target.getParent();
            if (!Files.isDirectory(dir)) {
                createDirectoriesDurably(dir);
            }
            move(tmp, target);
            syncDirectory(dir);
        } finally {
            deleteQuietly(tmp);
        }
    }

    private void createDirectoriesDurably(Path dir) throws IOException {
        Path existing = dir;
        while (existing != null && !Files.isDirectory(existing)) {
            existing = existing.getParent();
        }
        Files.createDirectories(dir);
        // flush each new directory's entry in its parent
        for (Path p = dir; p != null && !p.equals(existing); p = p.getParent()) {
            syncDirectory(p.getParent());
        }
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("The file system of " + target + " cannot rename atomically; the file store needs a "
                    + "local POSIX or NTFS file system", e);
        }
    }

    private void syncDirectory(Path dir) throws IOException {
        if (!fsync) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some platforms (Windows) cannot open a directory; the rename itself is still atomic there
            LOG.debug("Cannot fsync directory {}: {}", dir, e.toString());
        }
    }

    private Path newTemporaryFile() {
        return tmpDir.resolve(pidPrefix + UUID.randomUUID() + ".tmp");
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.debug("Cannot delete temporary file {}: {}", p, e.toString());
        }
    }

    /** Removes temporary files left by processes that died mid-write (and any unknown file older than a day). */
    private void removeOrphanedTemporaryFiles() {
        Instant old = Instant.now().minus(ORPHAN_AGE);
        try (DirectoryStream<Path> s = Files.newDirectoryStream(tmpDir)) {
            for (Path p : s) {
                Matcher m = TMP_NAME.matcher(p.getFileName().toString());
                boolean orphan;
                if (m.matches()) {
                    long pid = Long.parseLong(m.group(1));
                    orphan = pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).isEmpty();
                } else {
                    orphan = false;
                }
                if (orphan || Files.getLastModifiedTime(p).toInstant().isBefore(old)) {
                    deleteQuietly(p);
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot clean temporary files in {}: {}", tmpDir, e.toString());
        }
    }

    private void checkOrWriteMarker() throws IOException {
        Path marker = root.resolve(MARKER);
        if (Files.exists(marker)) {
            String text = Files.readString(marker, StandardCharsets.UTF_8);
            Matcher m = MARKER_VERSION.matcher(text);
            if (!text.contains("mlops-file-store") || !m.find()) {
                throw new StoreUnavailableException(marker + " is not an mlops file store marker (expected "
                        + "{\"format\":\"mlops-file-store\",\"version\":N}). Point the store at another directory.");
            }
            int version = Integer.parseInt(m.group(1));
            if (version > FORMAT_VERSION) {
                throw new StoreUnavailableException("The store " + root + " has format version " + version
                        + "; this library reads up to " + FORMAT_VERSION + ". Upgrade mlops to open it.");
            }
            return;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(root)) {
            for (Path p : s) {
                String n = p.getFileName().toString();
                // another process may be creating the same store right now
                if (!List.of("tmp", "locks", "blobs", "records", MARKER).contains(n)) {
                    throw new StoreUnavailableException("The directory " + root + " is neither empty nor an mlops "
                            + "store (it has no " + MARKER + " but contains '" + n + "'). Choose a new or empty "
                            + "directory for the store.");
                }
            }
        }
        Files.createDirectories(tmpDir);
        Path tmp = newTemporaryFile();
        try {
            Files.writeString(tmp, "{\"format\":\"mlops-file-store\",\"version\":" + FORMAT_VERSION + "}\n",
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                Files.createLink(marker, tmp); // never replaces a marker another process just wrote
            } catch (FileAlreadyExistsException raced) {
                return;
            } catch (UnsupportedOperationException | IOException noLinks) {
                if (!Files.exists(marker)) {
                    move(tmp, marker);
                }
            }
            syncDirectory(root);
        } finally {
            deleteQuietly(tmp);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreUnavailableException("The file store " + root + " is closed; open a new one.");
        }
    }

    private StoreUnavailableException unavailable(String what, IOException e) {
        return new StoreUnavailableException("The file store " + root + " failed " + what + ": " + e
                + ". Check free space, permissions, and that the directory is on a local file system.", e);
    }
}
