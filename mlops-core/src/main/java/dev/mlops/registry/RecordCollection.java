package dev.mlops.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.registry.internal.Json;
import dev.mlops.registry.internal.Keys;
import dev.mlops.registry.spi.Names;
import dev.mlops.registry.spi.Page;
import dev.mlops.registry.spi.VersionedRecord;
import dev.mlops.registry.spi.WriteResult;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A named collection of JSON documents kept through the registry by modules that need records of their own
 * (pipeline runs, approvals …), with the store's revision semantics: {@link #create} succeeds for exactly one of
 * racing writers, {@link #compareAndSet} only when the revision is the expected one. Keys follow the SPI's key rules
 * (lower-case segments separated by '/'). Documents must be JSON objects; the registry adds no fields.
 *
 * <pre>{@code
 * RecordCollection runs = registry.collection("pipeline-runs");
 * runs.create("run-42", Map.of("state", "started"));
 * runs.get("run-42", RunState.class);
 * }</pre>
 * Thread-safe.
 */
public final class RecordCollection {
    private final Registry registry;
    private final String name;
    private final String collection;

    /**
     * A stored document with its revision.
     *
     * @param key      the key
     * @param document the JSON object
     * @param revision 1 on create, +1 per compare-and-set
     */
    public record Document(String key, JsonNode document, long revision) {
        public Document {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(document, "document");
        }

        /** The document bound to {@code type} with Jackson. */
        public <T> T as(Class<T> type) {
            try {
                return Json.MAPPER.treeToValue(document, type);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("Document '" + key + "' does not bind to " + type.getName() + ": "
                        + e.getOriginalMessage(), e);
            }
        }
    }

    RecordCollection(Registry registry, String name) {
        this.registry = registry;
        Objects.requireNonNull(name, "name");
        if (name.length() > Names.MAX_COLLECTION_LENGTH - Keys.EXTENSION_PREFIX.length()) {
            throw new dev.mlops.registry.spi.InvalidNameException("An extension collection name is at most "
                    + (Names.MAX_COLLECTION_LENGTH - Keys.EXTENSION_PREFIX.length()) + " characters, found " + name.length());
        }
        Names.checkCollection(name);
        this.name = name;
        this.collection = Keys.EXTENSION_PREFIX + name;
    }

    /** The collection name. */
    public String name() {
        return name;
    }

    /** The document, or empty. */
    public Optional<Document> get(String key) {
        return registry.records.get(collection, Names.checkKey(key)).map(this::toDocument);
    }

    /** The document bound to {@code type}, or empty. */
    public <T> Optional<T> get(String key, Class<T> type) {
        return get(key).map(d -> d.as(type));
    }

    /** Creates the document if the key is free; returns the new revision (1), or empty when the key exists. */
    public Optional<Long> create(String key, Object document) {
        WriteResult w = registry.records.createIfAbsent(collection, Names.checkKey(key), bytes(document));
        return w.applied() ? Optional.of(w.revision()) : Optional.empty();
    }

    /**
     * Replaces the document if its revision is {@code expectedRevision}; returns the new revision, or empty when the
     * revision differed (re-read and retry).
     */
    public Optional<Long> compareAndSet(String key, long expectedRevision, Object document) {
        WriteResult w = registry.records.compareAndSet(collection, Names.checkKey(key), expectedRevision, bytes(document));
        return w.applied() ? Optional.of(w.revision()) : Optional.empty();
    }

    /**
     * Read-modify-write of one document with the registry's commit primitive: reads it, calls {@code change} with it
     * (empty when absent), and writes what {@code change} returns with create-if-absent or compare-and-set; when
     * another writer won the race, backs off with jitter and repeats, and gives up after a bounded number of attempts
     * with a {@link dev.mlops.registry.spi.ConflictException} naming the key and the revisions. {@code change} may run
     * several times; it returns the new document (a JSON object, as for {@link #create}) or {@code null} to leave the
     * record as it is, and an exception it throws ends the update with nothing written.
     *
     * <pre>{@code
     * approvals.update("a-17", d -> d.map(x -> x.as(Approval.class).approve("bob")).orElseThrow());
     * }</pre>
     *
     * @return the document as stored afterwards, or empty when it is absent and {@code change} returned null
     */
    public Optional<Document> update(String key, Function<Optional<Document>, Object> change) {
        Objects.requireNonNull(change, "change");
        String k = Names.checkKey(key);
        return Commits.update(registry.records, collection, k, "updating " + name + "/" + k, r -> {
            Optional<Document> current = r.map(this::toDocument);
            Object next = change.apply(current);
            if (next == null) {
                return Commits.Step.unchanged(current);
            }
            byte[] bytes = bytes(next);
            JsonNode node = readTree(bytes);
            return new Commits.Step<>(bytes, revision -> Optional.of(new Document(k, node, revision)));
        });
    }

    /** Deletes the document if its revision is {@code expectedRevision}. */
    public boolean delete(String key, long expectedRevision) {
        return registry.records.delete(collection, Names.checkKey(key), expectedRevision);
    }

    /** Keys starting with {@code prefix}, in order, one page at a time (limit 1-10000). */
    public Page<String> list(String prefix, String pageToken, int limit) {
        return registry.records.list(collection, prefix, pageToken, limit);
    }

    /** Every key starting with {@code prefix}. */
    public List<String> keys(String prefix) {
        return new ArrayList<>(registry.listAll(collection, prefix));
    }

    private Document toDocument(VersionedRecord r) {
        try {
            return new Document(r.key(), Json.MAPPER.readTree(r.document()), r.revision());
        } catch (IOException e) {
            throw new dev.mlops.registry.spi.RegistryException("Record " + name + "/" + r.key() + " is not JSON: "
                    + e.getMessage(), e);
        }
    }

    private static JsonNode readTree(byte[] bytes) {
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // we just wrote these bytes from a tree
        }
    }

    private static byte[] bytes(Object document) {
        Objects.requireNonNull(document, "document");
        JsonNode node = document instanceof JsonNode n ? n : Json.MAPPER.valueToTree(document);
        if (!(node instanceof ObjectNode)) {
            throw new IllegalArgumentException("A collection document must be a JSON object, found " + node.getNodeType());
        }
        return Json.write(node);
    }
}
