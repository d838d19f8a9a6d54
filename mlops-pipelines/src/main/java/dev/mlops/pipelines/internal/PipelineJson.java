package dev.mlops.pipelines.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.mlops.pipelines.PipelineException;

/** The module's JSON mapper: ISO-8601 instants, unknown properties ignored (records may grow). Thread-safe. */
public final class PipelineJson {
    /** Shared mapper. */
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private PipelineJson() {
    }

    /** {@code value} as a JSON tree. */
    public static JsonNode tree(Object value) {
        try {
            return MAPPER.valueToTree(value);
        } catch (IllegalArgumentException e) {
            throw new PipelineException("Value of type " + value.getClass().getName() + " is not JSON-serialisable: "
                    + e.getMessage() + ". Step inputs and outputs must be plain values, lists, maps or records.", e);
        }
    }

    /** Binds a tree to {@code type}. */
    public static <T> T bind(JsonNode node, Class<T> type) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new PipelineException("Record does not bind to " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Indented JSON text. */
    public static String write(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new PipelineException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }
}
