package dev.mlops.registry.jdbc.testing;

import dev.mlops.registry.spi.Digest;
import dev.mlops.registry.spi.tck.BlobCorrupter;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The compatibility kit's corruption hook for the PostgreSQL store: replaces a blob's chunk rows with one row of other
 * bytes, in one transaction, behind the store's back (the blob row and its digest stay). Test code only.
 */
public final class PostgresCorrupter implements BlobCorrupter {
    private final String url;
    private final String schema;

    /** Corrupts blobs of the store in {@code schema} of the database at {@code url}. */
    public PostgresCorrupter(String url, String schema) {
        this.url = url;
        this.schema = schema;
    }

    @Override
    public void corrupt(Digest digest, byte[] replacement) {
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + schema + ".blob_chunks WHERE blob_id = "
                    + "(SELECT blob_id FROM " + schema + ".blobs WHERE digest = ?)")) {
                ps.setString(1, digest.hex());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + schema + ".blob_chunks (blob_id, seq, data) "
                    + "SELECT blob_id, 0, ? FROM " + schema + ".blobs WHERE digest = ?")) {
                ps.setBytes(1, replacement);
                ps.setString(2, digest.hex());
                ps.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not corrupt blob " + digest + ": " + e.getMessage(), e);
        }
    }
}
