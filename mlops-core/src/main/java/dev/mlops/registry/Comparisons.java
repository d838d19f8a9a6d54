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
import java.util.TreeSet;

/** Differences between two versions or two runs (parameters, metrics, tags, signature, lineage). Stateless. */
final class Comparisons {
    private static final Logger LOG = LoggerFactory.getLogger(Registry.class);
    private final RegistryContext ctx;

    Comparisons(RegistryContext ctx) {
        this.ctx = ctx;
    }

    VersionComparison compare(String model, int from, int to) {
        ModelVersion a = ctx.versions.version(model, from);
        ModelVersion b = ctx.versions.version(model, to);
        List<String> sig = new ArrayList<>();
        diffValues("input", a.signature().inputs(), b.signature().inputs(), sig);
        diffValues("output", a.signature().outputs(), b.signature().outputs(), sig);
        List<String> lin = new ArrayList<>();
        Lineage la = a.lineage();
        Lineage lb = b.lineage();
        for (DatasetRef d : la.datasets()) {
            if (!lb.datasets().contains(d)) {
                lin.add("data set removed: " + d);
            }
        }
        for (DatasetRef d : lb.datasets()) {
            if (!la.datasets().contains(d)) {
                lin.add("data set added: " + d);
            }
        }
        if (!la.codeRevision().equals(lb.codeRevision())) {
            lin.add("code revision: " + la.codeRevision().orElse("(none)") + " -> " + lb.codeRevision().orElse("(none)"));
        }
        if (!la.parentVersion().equals(lb.parentVersion())) {
            lin.add("parent version: " + la.parentVersion() + " -> " + lb.parentVersion());
        }
        if (!la.runId().equals(lb.runId())) {
            lin.add("run: " + la.runId().orElse("(none)") + " -> " + lb.runId().orElse("(none)"));
        }
        return new VersionComparison(model, from, to, Comparisons.diffMaps(a.params(), b.params()), Comparisons.diffMaps(a.metrics(), b.metrics()),
                Comparisons.diffMaps(a.tags(), b.tags()), sig, lin, !a.artifact().digest().equals(b.artifact().digest()));
    }

    private static void diffValues(String what, List<ValueInfo> a, List<ValueInfo> b, List<String> out) {
        Map<String, ValueInfo> ma = new LinkedHashMap<>();
        a.forEach(v -> ma.put(v.name(), v));
        Map<String, ValueInfo> mb = new LinkedHashMap<>();
        b.forEach(v -> mb.put(v.name(), v));
        ma.forEach((n, v) -> {
            ValueInfo w = mb.get(n);
            if (w == null) {
                out.add(what + " removed: " + v);
            } else if (!w.equals(v)) {
                out.add(what + " changed: " + v + " -> " + w);
            }
        });
        mb.forEach((n, w) -> {
            if (!ma.containsKey(n)) {
                out.add(what + " added: " + w);
            }
        });
    }

    static Map<String, VersionComparison.Change> diffMaps(Map<String, ?> a, Map<String, ?> b) {
        Map<String, VersionComparison.Change> out = new TreeMap<>();
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (String k : keys) {
            Object x = a.get(k);
            Object y = b.get(k);
            if (!Objects.equals(x, y)) {
                out.put(k, new VersionComparison.Change(Optional.ofNullable(x), Optional.ofNullable(y)));
            }
        }
        return out;
    }
}
