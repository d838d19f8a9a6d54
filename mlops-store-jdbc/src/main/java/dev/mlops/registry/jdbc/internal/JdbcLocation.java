package dev.mlops.registry.jdbc.internal;

import dev.mlops.registry.spi.StoreUri;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A {@code jdbc:postgresql://...} store URI taken apart: the URL for the driver (without user info and without the
 * store's own parameters), the user and password when the URI carries them as user info, and the store's own
 * parameters ({@code schema}, {@code poolSize}, {@code chunkSize}, {@code maxRetries}). Immutable and thread-safe.
 *
 * @param driverUrl the URL handed to the driver; may still carry {@code user}/{@code password} parameters
 * @param user      the user from the user info, or null
 * @param password  the password from the user info, or null
 * @param options   the store's own parameters, by name
 */
public record JdbcLocation(String driverUrl, String user, String password, Map<String, String> options) {
    /** The parameters the store consumes; every other parameter goes to the driver. */
    public static final Set<String> OWN_OPTIONS = Set.of("schema", "poolSize", "chunkSize", "maxRetries");

    /** Parses {@code text}. */
    public static JdbcLocation parse(String text) {
        String redacted = StoreUri.redact(text);
        if (!text.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("Expected a PostgreSQL URI such as "
                    + "'jdbc:postgresql://db.example.com:5432/mlops?user=mlops&password=...'; found '" + redacted
                    + "'. Only PostgreSQL is supported by mlops-store-jdbc.");
        }
        String rest = text.substring("jdbc:postgresql:".length());
        String user = null;
        String password = null;
        String query = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            String authority = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
            int at = authority.lastIndexOf('@');
            if (at >= 0) {
                String info = authority.substring(0, at);
                int colon = info.indexOf(':');
                user = decode(colon < 0 ? info : info.substring(0, colon));
                password = colon < 0 ? null : decode(info.substring(colon + 1));
                rest = "//" + authority.substring(at + 1) + (slash < 0 ? "" : rest.substring(slash));
            }
        }
        Map<String, String> options = new LinkedHashMap<>();
        StringBuilder driverQuery = new StringBuilder();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                if (OWN_OPTIONS.contains(name)) {
                    options.put(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
                } else {
                    driverQuery.append(driverQuery.length() == 0 ? "?" : "&").append(pair);
                }
            }
        }
        return new JdbcLocation("jdbc:postgresql:" + rest + driverQuery, user, password, Map.copyOf(options));
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
