package dev.mlops.registry.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The database schema of the PostgreSQL store and its migrations. {@link #migrate} runs on first use: it takes a
 * transaction-scoped advisory lock (so the many services of a fleet starting at once migrate exactly once), reads
 * {@code schema_version} and applies the missing steps in one transaction. Stateless and thread-safe.
 *
 * <p>Version 1 layout (all in the configured schema, {@code mlops} by default):
 * <ul>
 *   <li>{@code schema_version(id = 1, version, updated_at)}: the one-row format version of everything below;</li>
 *   <li>{@code records(collection, key, revision, document, write_id, updated_at)}: one row per record, primary key
 *       {@code (collection, key)} with byte-order ({@code "C"}) collation so listing order is
 *       {@link String#compareTo} order; {@code write_id} identifies the last writer so a write whose connection broke
 *       can tell, on retry, whether it took effect;</li>
 *   <li>{@code blobs(digest, blob_id, size, last_used, created_at)}: one row per visible blob;</li>
 *   <li>{@code blob_chunks(blob_id, seq, data)}: the content, in chunks, written in the same transaction that makes
 *       the blob row visible (so a blob is visible only when all of its bytes are).</li>
 * </ul>
 * Version 2 adds {@code record_writes(write_id, revision, written_at)}: a journal of recent record writes, written by
 * the same statement as the write itself, so a writer whose connection broke can learn for certain whether its
 * write committed, even if another writer has changed the record since. Entries older than an hour are pruned.
 */
public final class Schema {
    /** The version this code writes and reads. */
    public static final int CURRENT_VERSION = 2;
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    /** Arbitrary but fixed: the advisory lock key that serializes migrations ("mlops" in ASCII). */
    private static final long MIGRATION_LOCK = 0x6d6c6f7073L;

    private Schema() {
    }

    /** Returns {@code schema} if it is a safe SQL identifier, else throws {@link IllegalArgumentException}. */
    public static String checkName(String schema) {
        if (schema == null || !NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException("Expected a schema name of 1-63 characters a-z, 0-9 and '_' "
                    + "(not starting with a digit), found '" + schema + "'");
        }
        return schema;
    }

    private static List<String> step1(String s) {
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + s + ".records ("
                        + " collection text NOT NULL,"
                        + " key text COLLATE \"C\" NOT NULL,"
                        + " revision bigint NOT NULL CHECK (revision >= 1),"
                        + " document bytea NOT NULL,"
                        + " write_id uuid NOT NULL,"
                        + " updated_at timestamptz NOT NULL DEFAULT now(),"
                        + " PRIMARY KEY (collection, key))",
                "CREATE SEQUENCE IF NOT EXISTS " + s + ".blob_ids",
                "CREATE TABLE IF NOT EXISTS " + s + ".blobs ("
                        + " digest text COLLATE \"C\" PRIMARY KEY CHECK (length(digest) = 64),"
                        + " blob_id bigint NOT NULL UNIQUE,"
                        + " size bigint NOT NULL CHECK (size >= 0),"
                        + " last_used timestamptz NOT NULL,"
                        + " created_at timestamptz NOT NULL DEFAULT now())",
                "CREATE TABLE IF NOT EXISTS " + s + ".blob_chunks ("
                        + " blob_id bigint NOT NULL,"
                        + " seq integer NOT NULL,"
                        + " data bytea NOT NULL,"
                        + " PRIMARY KEY (blob_id, seq))",
                // chunks are large: keep them out of the main heap's compression attempts (already-dense content)
                "ALTER TABLE " + s + ".blob_chunks ALTER COLUMN data SET STORAGE EXTERNAL");
    }

    private static List<String> step2(String s) {
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + s + ".record_writes ("
                        + " write_id uuid PRIMARY KEY,"
                        + " revision bigint NOT NULL,"
                        + " written_at timestamptz NOT NULL DEFAULT now())",
                "CREATE INDEX IF NOT EXISTS record_writes_written_at ON " + s + ".record_writes (written_at)");
    }

    /**
     * Creates or migrates the schema. Returns the version found before migrating (0 for a fresh database).
     *
     * @throws IllegalStateException when the database holds a newer version than this code understands
     */
    public static int migrate(Connection c, String schema) throws SQLException {
        String s = checkName(schema);
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
            st.execute("CREATE SCHEMA IF NOT EXISTS " + s);
            st.execute("CREATE TABLE IF NOT EXISTS " + s + ".schema_version ("
                    + " id integer PRIMARY KEY CHECK (id = 1),"
                    + " version integer NOT NULL,"
                    + " updated_at timestamptz NOT NULL DEFAULT now())");
            int found = 0;
            try (ResultSet rs = st.executeQuery("SELECT version FROM " + s + ".schema_version WHERE id = 1")) {
                if (rs.next()) {
                    found = rs.getInt(1);
                }
            }
            if (found > CURRENT_VERSION) {
                c.rollback();
                throw new IllegalStateException("The database schema '" + s + "' has format version " + found
                        + " but this mlops-store-jdbc understands up to " + CURRENT_VERSION
                        + ". Upgrade mlops on this service (another service already migrated the registry).");
            }
            if (found < 1) {
                for (String sql : step1(s)) {
                    st.execute(sql);
                }
            }
            if (found < 2) {
                for (String sql : step2(s)) {
                    st.execute(sql);
                }
            }
            // future steps: if (found < 3) { ... }
            if (found < CURRENT_VERSION) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + s + ".schema_version (id, version) "
                        + "VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, updated_at = now()")) {
                    ps.setInt(1, CURRENT_VERSION);
                    ps.executeUpdate();
                }
            }
            c.commit();
            return found;
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                e.addSuppressed(ignored);
            }
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }
}
