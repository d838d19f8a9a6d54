package dev.mlops.registry.s3.internal;

import dev.mlops.registry.spi.StoreUri;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An {@code s3://[accessKey:secretKey@]bucket[/prefix][?endpoint=...&region=...&pathStyle=true&...]} store URI taken
 * apart. Immutable and thread-safe.
 *
 * @param bucket  the bucket name
 * @param prefix  the key prefix, without leading or trailing '/', possibly empty
 * @param params  the query parameters (decoded)
 */
public record S3Location(String bucket, String prefix, Map<String, String> params) {
    /** The parameters the URI may carry. */
    public static final Set<String> KNOWN = Set.of("endpoint", "region", "pathStyle", "accessKey", "secretKey",
            "sessionToken", "partSize", "copyThreshold", "profile");

    /** Parses {@code text}; user info becomes the {@code accessKey}/{@code secretKey} parameters. */
    public static S3Location parse(String text) {
        String redacted = StoreUri.redact(text);
        if (!text.startsWith("s3://")) {
            throw new IllegalArgumentException("Expected an S3 URI such as "
                    + "'s3://bucket/prefix?endpoint=http://127.0.0.1:9000&region=us-east-1&pathStyle=true'; found '"
                    + redacted + "'");
        }
        String rest = text.substring("s3://".length());
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        Map<String, String> params = new LinkedHashMap<>();
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String info = authority.substring(0, at);
            int colon = info.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("Expected user info 'accessKey:secretKey@' in '" + redacted + "'");
            }
            params.put("accessKey", decode(info.substring(0, colon)));
            params.put("secretKey", decode(info.substring(colon + 1)));
            authority = authority.substring(at + 1);
        }
        if (!authority.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("Expected a bucket name of 3-63 characters a-z, 0-9, '.' and '-' in '"
                    + redacted + "', found '" + authority + "'");
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (!KNOWN.contains(name)) {
                throw new IllegalArgumentException("Unknown parameter '" + name + "' in '" + redacted + "'. Known: "
                        + String.join(", ", new java.util.TreeSet<>(KNOWN)));
            }
            params.put(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        String prefix = path;
        while (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        return new S3Location(authority, prefix, Map.copyOf(params));
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
