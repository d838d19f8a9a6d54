package dev.mlops.registry.internal;

import dev.mlops.registry.ArtifactFile;
import dev.mlops.registry.InvalidMetadataException;
import dev.mlops.registry.io.AtomicOutput;
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
        List<String> names = new ArrayList<>(out.size());
        for (Path rel : out) {
            names.add(checkPortablePath(slashPath(rel), "file"));
        }
        checkNoPortableCollisions(names, "file");
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

    /** Longest path segment, in UTF-8 bytes (the file-name limit of ext4, APFS and NTFS). */
    public static final int MAX_SEGMENT_BYTES = 255;
    private static final java.util.Set<String> WINDOWS_DEVICES = java.util.Set.of("con", "prn", "aux", "nul",
            "com0", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9", "com\u00b9", "com\u00b2",
            "com\u00b3", "lpt0", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9", "lpt\u00b9",
            "lpt\u00b2", "lpt\u00b3", "conin$", "conout$");

    /**
     * Refuses a relative '/'-separated path that could not be checked out as it is on Linux, macOS and Windows:
     * empty, {@code .} or {@code ..} segments, a leading {@code /}, a back-slash, a colon (drive letters, alternate
     * streams), {@code < > " | ? *}, control characters, a segment ending in a dot or a space, a Windows device name
     * ({@code CON}, {@code nul.csv}, {@code COM1} … in any case, with any extension), or a segment longer than
     * {@value #MAX_SEGMENT_BYTES} UTF-8 bytes. Called before anything is stored, so a refused name leaves no trace.
     *
     * @param what names the input in the message, e.g. "data set file"
     * @throws InvalidMetadataException naming the path and the rule it breaks
     */
    public static String checkPortablePath(String path, String what) {
        if (path == null || path.isEmpty()) {
            throw new InvalidMetadataException("Expected a " + what + " name, found an empty one");
        }
        if (path.startsWith("/")) {
            throw portable(path, what, "it is absolute");
        }
        for (String seg : path.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
                throw portable(path, what, "it has an empty, '.' or '..' segment");
            }
            for (int i = 0; i < seg.length(); i++) {
                char c = seg.charAt(i);
                if (c < 0x20 || c == 0x7f) {
                    throw portable(path, what, String.format("it contains the control character U+%04X", (int) c));
                }
                if ("\\:<>\"|?*".indexOf(c) >= 0) {
                    throw portable(path, what, "it contains '" + c + "', which Windows does not allow in file names"
                            + (c == ':' ? " (drive letters, alternate data streams)" : c == '\\' ? " (a separator there)" : ""));
                }
            }
            char last = seg.charAt(seg.length() - 1);
            if (last == '.' || last == ' ') {
                throw portable(path, what, "a name ending in " + (last == '.' ? "a dot" : "a space")
                        + " cannot be created on Windows");
            }
            int dot = seg.indexOf('.');
            String stem = (dot < 0 ? seg : seg.substring(0, dot)).stripTrailing().toLowerCase(java.util.Locale.ROOT);
            if (WINDOWS_DEVICES.contains(stem)) {
                throw portable(path, what, "'" + seg + "' is a reserved device name on Windows");
            }
            if (seg.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
                throw portable(path, what, "a name is longer than " + MAX_SEGMENT_BYTES + " bytes");
            }
        }
        return path;
    }

    /**
     * Refuses two paths of one tree that name the same file on a case-insensitive or normalising file system
     * (macOS, Windows): {@code a.csv} and {@code A.csv}, or two Unicode spellings of one name.
     */
    public static void checkNoPortableCollisions(List<String> paths, String what) {
        java.util.Map<String, String> seen = new java.util.HashMap<>();
        for (String p : paths) {
            String folded = java.text.Normalizer.normalize(p, java.text.Normalizer.Form.NFC)
                    .toLowerCase(java.util.Locale.ROOT);
            String before = seen.putIfAbsent(folded, p);
            if (before != null) {
                throw new InvalidMetadataException("Refusing " + what + "s '" + before + "' and '" + p + "': they "
                        + "name the same file on macOS and Windows, so the tree could not be checked out there. "
                        + "Rename one of them. Nothing was stored.");
            }
        }
    }

    private static InvalidMetadataException portable(String path, String what, String why) {
        return new InvalidMetadataException("Refusing the " + what + " name '" + printable(path) + "': " + why
                + ", so it could not be checked out on every supported OS (Linux, macOS, Windows). Rename it. "
                + "Nothing was stored.");
    }

    /** The path with control characters escaped and cut at 200 characters, fit for a message. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        int n = Math.min(s.length(), 200);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return s.length() > n ? b.append("...").toString() : b.toString();
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
     * temporary name beside it and renamed into place ({@link AtomicOutput}), so a failed checkout never leaves a
     * partial file or a file with wrong content, and a file it did not get to keeps its previous content.
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
                AtomicOutput.write(dest, out -> {
                    try (InputStream in = blobs.get(f.digest())) {
                        in.transferTo(out);
                    }
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Checkout into " + target + " failed: " + e.getMessage(), e);
        }
    }
}
