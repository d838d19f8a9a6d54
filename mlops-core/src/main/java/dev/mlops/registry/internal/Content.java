package dev.mlops.registry.internal;

import dev.mlops.registry.ArtifactFile;
import dev.mlops.registry.InvalidMetadataException;
import dev.mlops.registry.spi.BlobInfo;
import dev.mlops.registry.spi.BlobStore;
import dev.mlops.registry.spi.Digest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Moving files and directory trees in and out of a blob store. A tree is stored as its files (content-addressed,
 * so unchanged files are stored once) plus a manifest blob listing relative path → digest and size, sorted by path.
 * Symbolic links and paths escaping the root are refused. Stateless and thread-safe.
 */
public final class Content {
    private static final int BUFFER = 256 * 1024;

    private Content() {
    }

    /** A stored tree: its manifest's digest, its files and their total size. */
    public record Tree(Digest manifestDigest, List<ArtifactFile> files, long totalSize) {
    }

    /**
     * Stores one file: hashes it first, then puts it with the known digest, so a store that already has the content
     * only refreshes its last-used mark (re-adding unchanged data reads it once and writes nothing).
     */
    public static BlobInfo putFile(BlobStore blobs, Path file) {
        Digest d = hash(file);
        try (InputStream in = Files.newInputStream(file)) {
            return blobs.put(in, d);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static Digest hash(Path file) {
        MessageDigest md = Digest.newMessageDigest();
        byte[] buf = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        return Digest.ofBytes(md.digest());
    }

    /** Lists the regular files under {@code root} (relative, '/'-separated, sorted), refusing symbolic links. */
    public static List<Path> listTree(Path root) {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("Expected a directory (not a symbolic link), found " + root);
        }
        List<Path> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (a.isSymbolicLink()) {
                    throw new InvalidMetadataException("Symbolic links are refused in stored trees (they could point "
                            + "outside it): " + p + ". Replace the link with the file it points to.");
                }
                if (a.isRegularFile()) {
                    out.add(root.relativize(p));
                } else if (!a.isDirectory()) {
                    throw new InvalidMetadataException("Only regular files and directories can be stored, found a "
                            + "special file: " + p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + root + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(Content::slashPath));
        return out;
    }

    static String slashPath(Path relative) {
        StringBuilder b = new StringBuilder();
        for (Path part : relative) {
            if (b.length() > 0) {
                b.append('/');
            }
            b.append(part.toString());
        }
        return b.toString();
    }

    /** Stores every file of the tree and its manifest. */
    public static Tree putTree(BlobStore blobs, Path root) {
        List<ArtifactFile> files = new ArrayList<>();
        long total = 0;
        for (Path rel : listTree(root)) {
            BlobInfo info = putFile(blobs, root.resolve(rel));
            files.add(new ArtifactFile(slashPath(rel), info.digest(), info.size()));
            total += info.size();
        }
        byte[] manifest = manifestBytes(files);
        BlobInfo m = blobs.put(new ByteArrayInputStream(manifest), Digest.sha256(manifest));
        return new Tree(m.digest(), List.copyOf(files), total);
    }

    public static byte[] manifestBytes(List<ArtifactFile> files) {
        List<Docs.ManifestEntry> entries = files.stream()
                .map(f -> new Docs.ManifestEntry(f.path(), f.digest().toString(), f.size())).toList();
        return Json.write(new Docs.ManifestDoc(Json.FORMAT, entries));
    }

    /** Reads a manifest blob (verified) and checks its paths. */
    public static List<ArtifactFile> readManifest(BlobStore blobs, Digest manifest) {
        byte[] bytes;
        try (InputStream in = blobs.get(manifest)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read manifest " + manifest + ": " + e.getMessage(), e);
        }
        Docs.ManifestDoc doc = Json.read(bytes, Docs.ManifestDoc.class, "manifest " + manifest);
        List<ArtifactFile> out = new ArrayList<>();
        for (Docs.ManifestEntry e : doc.files()) {
            checkRelativePath(e.path());
            out.add(new ArtifactFile(e.path(), Digest.parse(e.digest()), e.size()));
        }
        return out;
    }

    /** Refuses absolute paths, '..' segments, empty segments and back-slashes. */
    public static void checkRelativePath(String path) {
        if (path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.contains("\0")
                || (path.length() > 1 && path.charAt(1) == ':')) {
            throw new InvalidMetadataException("Refusing a stored path that is not a plain relative path: '" + path + "'");
        }
        for (String seg : path.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
                throw new InvalidMetadataException("Refusing a stored path that could escape its directory: '" + path + "'");
            }
        }
    }

    /**
     * Writes the files into {@code target} (created if needed), verifying every digest; each file is written to a
     * temporary name and moved into place, so a failed checkout never leaves a file with wrong content.
     */
    public static void checkout(BlobStore blobs, List<ArtifactFile> files, Path target) {
        try {
            Files.createDirectories(target);
            Path realRoot = target.toRealPath();
            for (ArtifactFile f : files) {
                checkRelativePath(f.path());
                Path dest = realRoot.resolve(f.path()).normalize();
                if (!dest.startsWith(realRoot)) {
                    throw new InvalidMetadataException("Refusing to write outside " + target + ": " + f.path());
                }
                Files.createDirectories(dest.getParent());
                if (!dest.getParent().toRealPath().startsWith(realRoot)) {
                    throw new InvalidMetadataException("Refusing to write through a symbolic link outside " + target
                            + ": " + f.path());
                }
                Path tmp = Files.createTempFile(dest.getParent(), ".mlops-", ".part");
                try {
                    try (InputStream in = blobs.get(f.digest()); OutputStream out = Files.newOutputStream(tmp)) {
                        in.transferTo(out);
                    }
                    Files.move(tmp, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Checkout into " + target + " failed: " + e.getMessage(), e);
        }
    }
}
