package dev.mlops.ui.internal;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One answer: status, content type, body and the headers that go with it. Immutable and thread-safe.
 *
 * @param status      the HTTP status
 * @param contentType the media type
 * @param body        the bytes
 * @param csp         the Content-Security-Policy
 * @param headers     further headers
 */
public record Response(int status, String contentType, byte[] body, String csp, Map<String, String> headers) {
    public Response {
        headers = Map.copyOf(headers);
    }

    static Response html(int status, String html) {
        return new Response(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), Layout.CSP, Map.of());
    }
}
