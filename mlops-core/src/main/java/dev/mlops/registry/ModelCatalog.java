package dev.mlops.registry;

import dev.mlops.registry.dataset.DatasetRef;
import dev.mlops.registry.event.AliasMoved;
import dev.mlops.registry.event.AttachmentAdded;
import dev.mlops.registry.internal.Docs;
import dev.mlops.registry.internal.Json;
import dev.mlops.registry.internal.Keys;
import dev.mlops.registry.onnx.ValueInfo;
import dev.mlops.registry.spi.BlobInfo;
import dev.mlops.registry.spi.ConflictException;
import dev.mlops.registry.spi.Digest;
import dev.mlops.registry.spi.InvalidNameException;
import dev.mlops.registry.spi.NotFoundException;
import dev.mlops.registry.spi.RegistryException;
import dev.mlops.registry.spi.VersionedRecord;
import dev.mlops.registry.spi.WriteResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/** The model records: creation, metadata edits (description, tags) with their history, listing. Thread-safe. */
final class ModelCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(Registry.class);
    private final RegistryContext ctx;

    ModelCatalog(RegistryContext ctx) {
        this.ctx = ctx;
    }

    VersionRegistration register(String model) {
        return new VersionRegistration(ctx.registry, model);
    }

    Model model(String name) {
        return new Model(ctx.registry, Registry.checkName("model", name));
    }

    ModelInfo createModel(String model, String description, String actor) {
        Registry.checkName("model", model);
        Objects.requireNonNull(description, "description");
        Docs.ModelDoc d = new Docs.ModelDoc(Json.FORMAT, model, description, Map.of(), ctx.clock.instant(),
                Registry.actorOrDefault(actor), List.of());
        WriteResult w = ctx.records.createIfAbsent(Keys.MODELS, model, Json.write(d));
        if (!w.applied()) {
            throw new ConflictException("Model '" + model + "' already exists in " + ctx.description()
                    + "; register a version of it or describe it instead", 0, w.revision());
        }
        return toModelInfo(d);
    }

    ModelInfo modelInfo(String model) {
        return ctx.registry.findModel(model).orElseThrow(() -> new NotFoundException("No model '" + model + "' in " + ctx.description()
                + ". List models with registry.models() or register one first.", "model", model, null));
    }

    Optional<ModelInfo> findModel(String model) {
        Registry.checkName("model", model);
        return ctx.records.get(Keys.MODELS, model).map(r -> toModelInfo(readModelDoc(r)));
    }

    List<ModelInfo> models() {
        return findModels("", Map.of());
    }

    List<ModelInfo> findModels(String namePrefix, Map<String, String> tags) {
        Objects.requireNonNull(namePrefix, "namePrefix");
        Objects.requireNonNull(tags, "tags");
        if (!namePrefix.isEmpty()) {
            Registry.checkName("model name prefix", namePrefix);
        }
        List<ModelInfo> out = new ArrayList<>();
        for (String key : ctx.listAll(Keys.MODELS, namePrefix)) {
            ctx.records.get(Keys.MODELS, key).ifPresent(r -> {
                ModelInfo info = toModelInfo(readModelDoc(r));
                if (info.tags().entrySet().containsAll(tags.entrySet())) {
                    out.add(info);
                }
            });
        }
        return out;
    }

    ModelInfo describeModel(String model, String description, String actor) {
        Objects.requireNonNull(description, "description");
        return editModel(model, actor, "description", d -> d.description(), description,
                (d, v) -> new Docs.ModelDoc(d.format(), d.name(), v, d.tags(), d.createdAt(), d.createdBy(), d.edits()));
    }

    ModelInfo tagModel(String model, String key, String value, String actor) {
        Registry.checkMetadataKey("tag", key);
        return editModel(model, actor, "tag:" + key, d -> d.tags() == null ? null : d.tags().get(key), value, (d, v) -> {
            Map<String, String> t = new TreeMap<>(d.tags() == null ? Map.of() : d.tags());
            if (v == null) {
                t.remove(key);
            } else {
                t.put(key, v);
            }
            return new Docs.ModelDoc(d.format(), d.name(), d.description(), t, d.createdAt(), d.createdBy(), d.edits());
        });
    }

    List<MetadataEdit> modelEdits(String model) {
        Registry.checkName("model", model);
        VersionedRecord r = ctx.records.get(Keys.MODELS, model).orElseThrow(() -> ctx.models.noModel(model));
        return ModelCatalog.toEdits(readModelDoc(r).edits());
    }

    private ModelInfo editModel(String model, String actor, String field,
                                java.util.function.Function<Docs.ModelDoc, String> current, String value,
                                java.util.function.BiFunction<Docs.ModelDoc, String, Docs.ModelDoc> apply) {
        Registry.checkName("model", model);
        String by = Registry.actorOrDefault(actor);
        return Commits.update(ctx.records, Keys.MODELS, model, "editing model '" + model + "'", r -> {
            Docs.ModelDoc d = readModelDoc(r.orElseThrow(() -> ctx.models.noModel(model)));
            String before = current.apply(d);
            Docs.ModelDoc next = apply.apply(d, value);
            List<Docs.EditDoc> edits = new ArrayList<>(d.edits() == null ? List.of() : d.edits());
            edits.add(new Docs.EditDoc(ctx.clock.instant(), by, field, ModelCatalog.text(before), ModelCatalog.text(value)));
            next = new Docs.ModelDoc(next.format(), next.name(), next.description(), next.tags(), next.createdAt(),
                    next.createdBy(), edits);
            return Commits.Step.write(Json.write(next), toModelInfo(next));
        });
    }

    static JsonNode text(String s) {
        return s == null ? null : TextNode.valueOf(s);
    }

    static List<MetadataEdit> toEdits(List<Docs.EditDoc> edits) {
        if (edits == null) {
            return List.of();
        }
        return edits.stream().map(e -> new MetadataEdit(e.at(), e.by() == null ? "" : e.by(), e.field(),
                Optional.ofNullable(e.before()).filter(n -> !n.isNull()).map(JsonNode::asText),
                Optional.ofNullable(e.after()).filter(n -> !n.isNull()).map(JsonNode::asText))).toList();
    }

    private Docs.ModelDoc readModelDoc(VersionedRecord r) {
        return Json.read(r.document(), Docs.ModelDoc.class, Keys.MODELS + "/" + r.key());
    }

    private static ModelInfo toModelInfo(Docs.ModelDoc d) {
        return new ModelInfo(d.name(), d.description(), d.tags() == null ? Map.of() : d.tags(), d.createdAt(), d.createdBy());
    }

    NotFoundException noModel(String model) {
        return new NotFoundException("No model '" + model + "' in " + ctx.description()
                + ". List models with registry.models() or register a version first.", "model", model, null);
    }

    void ensureModel(String model, String actor) {
        if (ctx.records.get(Keys.MODELS, model).isEmpty()) {
            Docs.ModelDoc d = new Docs.ModelDoc(Json.FORMAT, model, "", Map.of(), ctx.clock.instant(), actor, List.of());
            ctx.records.createIfAbsent(Keys.MODELS, model, Json.write(d)); // idempotent: a lost race is fine
        }
    }
}
