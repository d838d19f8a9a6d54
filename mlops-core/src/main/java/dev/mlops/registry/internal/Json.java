package dev.mlops.registry.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.mlops.registry.spi.RegistryException;

import java.io.IOException;

/**
 * The one JSON configuration of stored documents: ISO-8601 instants, unknown fields ignored (a newer writer may add
 * fields), NaN and infinities written as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}.
 * Thread-safe.
 */
public final class Json {
    /** The format version every document this library writes carries in its {@code "format"} field. */
    public static final int FORMAT = 1;

    /** The deepest nesting of objects and arrays read; stored documents use fewer than ten levels. */
    public static final int MAX_NESTING_DEPTH = 200;
    /** The longest string value read, in characters. */
    public static final int MAX_STRING_LENGTH = 16 << 20;
    /** The longest document read, in bytes (a data set version listing a million files stays well below). */
    public static final long MAX_DOCUMENT_LENGTH = 256L << 20;

    /**
     * Untrusted JSON is bounded before it is held: Jackson's {@link StreamReadConstraints} cap nesting, string, name
     * and number lengths and the document's length, so a hostile document fails with a clear error, not an
     * {@code OutOfMemoryError} or a {@code StackOverflowError}.
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH)
                            .maxStringLength(MAX_STRING_LENGTH)
                            .maxNameLength(64 * 1024)
                            .maxNumberLength(1000)
                            .maxDocumentLength(MAX_DOCUMENT_LENGTH)
                            .build())
                    .build())
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .build();

    private Json() {
    }

    public static byte[] write(Object doc) {
        try {
            return MAPPER.writeValueAsBytes(doc);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot serialise " + doc.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    public static <T> T read(byte[] bytes, Class<T> type, String what) {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            checkFormat(node, what);
            return MAPPER.treeToValue(node, type);
        } catch (IOException e) {
            throw new RegistryException("Stored record " + what + " is not a valid " + type.getSimpleName()
                    + " document: " + e.getMessage().lines().findFirst().orElse("") + ". Run verify to list damaged records.", e);
        }
    }

    public static JsonNode tree(byte[] bytes, String what) {
        try {
            return MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new RegistryException("Stored record " + what + " is not valid JSON: "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    private static void checkFormat(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw new RegistryException("Stored record " + what + " is not a JSON object");
        }
        JsonNode f = node.get("format");
        if (f != null && f.isInt() && f.asInt() > FORMAT) {
            throw new RegistryException("Stored record " + what + " has format " + f.asInt()
                    + " but this library reads formats up to " + FORMAT + "; upgrade mlops");
        }
    }
}
