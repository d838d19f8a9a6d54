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

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/** Attachments of model versions: one record per name, replaced by compare-and-set with the old digest kept. Thread-safe. */
final class Attachments {
    private static final Logger LOG = LoggerFactory.getLogger(Registry.class);
    private final RegistryContext ctx;

    Attachments(RegistryContext ctx) {
        this.ctx = ctx;
    }

    AttachmentInfo attach(String model, int number, String name, byte[] content) {
        return attach(model, number, name, new ByteArrayInputStream(content), null);
    }

    AttachmentInfo attach(String model, int number, String name, InputStream in, String actor) {
        Registry.checkName("model", model);
        dev.mlops.registry.spi.Names.checkKey(Objects.requireNonNull(name, "name"));
        if (name.contains("/")) {
            throw new InvalidNameException("An attachment name is one segment (no '/'), found '" + name + "'");
        }
        Objects.requireNonNull(in, "in");
        if (ctx.versions.versionDoc(model, number).isEmpty()) {
            throw ctx.versions.noVersion(model, number);
        }
        BlobInfo blob = ctx.blobs.put(in);
        String key = Keys.version(model, number) + "/" + name;
        String by = Registry.actorOrDefault(actor);
        return Commits.update(ctx.records, Keys.ATTACHMENTS, key, "attaching " + name + " to " + model + ":" + number, r -> {
            List<String> previous = new ArrayList<>();
            if (r.isPresent()) {
                Docs.AttachmentDoc old = Json.read(r.get().document(), Docs.AttachmentDoc.class, Keys.ATTACHMENTS + "/" + key);
                if (old.previousDigests() != null) {
                    previous.addAll(old.previousDigests());
                }
                previous.add(old.digest());
            }
            Docs.AttachmentDoc doc = new Docs.AttachmentDoc(Json.FORMAT, model, number, name, blob.digest().toString(),
                    blob.size(), ctx.clock.instant(), by, previous);
            return Commits.Step.write(Json.write(doc), toAttachment(doc));
        }, ctx.events.ordered(RegistryEvents.model(model), AttachmentAdded::new));
    }

    Optional<InputStream> openAttachment(String model, int number, String name) {
        return attachment(model, number, name).map(a -> ctx.blobs.get(a.digest()));
    }

    Optional<AttachmentInfo> attachment(String model, int number, String name) {
        Registry.checkName("model", model);
        dev.mlops.registry.spi.Names.checkKey(name);
        String key = Keys.version(model, number) + "/" + name;
        return ctx.records.get(Keys.ATTACHMENTS, key)
                .map(r -> toAttachment(Json.read(r.document(), Docs.AttachmentDoc.class, Keys.ATTACHMENTS + "/" + key)));
    }

    List<AttachmentInfo> attachments(String model, int number) {
        Registry.checkName("model", model);
        List<AttachmentInfo> out = new ArrayList<>();
        for (String key : ctx.listAll(Keys.ATTACHMENTS, Keys.version(model, number) + "/")) {
            RegistryContext.skipUnreadable(Keys.ATTACHMENTS + "/" + key, () -> ctx.records.get(Keys.ATTACHMENTS, key).map(r ->
                    toAttachment(Json.read(r.document(), Docs.AttachmentDoc.class, Keys.ATTACHMENTS + "/" + key))))
                    .flatMap(x -> x).ifPresent(out::add);
        }
        return out;
    }

    private static AttachmentInfo toAttachment(Docs.AttachmentDoc d) {
        return new AttachmentInfo(d.model(), d.version(), d.name(), Digest.parse(d.digest()), d.size(), d.createdAt(),
                d.createdBy());
    }
}
