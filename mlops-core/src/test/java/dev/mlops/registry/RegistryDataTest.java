package dev.mlops.registry;

import dev.mlops.registry.dataset.CsvSchema;
import dev.mlops.registry.dataset.DatasetDiff;
import dev.mlops.registry.dataset.DatasetRef;
import dev.mlops.registry.dataset.DatasetUsage;
import dev.mlops.registry.dataset.DatasetVersion;
import dev.mlops.registry.experiment.MetricPoint;
import dev.mlops.registry.experiment.Run;
import dev.mlops.registry.experiment.RunComparison;
import dev.mlops.registry.experiment.RunFilter;
import dev.mlops.registry.experiment.RunInfo;
import dev.mlops.registry.experiment.RunQuery;
import dev.mlops.registry.maintenance.GcReport;
import dev.mlops.registry.maintenance.VerifyReport;

import dev.mlops.registry.event.DatasetVersionAdded;
import dev.mlops.registry.event.RegistryEvent;
import dev.mlops.registry.event.RunEnded;
import dev.mlops.registry.spi.BlobInfo;
import dev.mlops.registry.spi.ConflictException;
import dev.mlops.registry.spi.CorruptedContentException;
import dev.mlops.registry.spi.Digest;
import dev.mlops.registry.spi.NotFoundException;
import dev.mlops.registry.spi.Store;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistryDataTest {

    static Stream<org.junit.jupiter.api.Named<Supplier<Store>>> stores() {
        return TestStores.all();
    }

    private static Path tree(String... pathsAndContents) throws Exception {
        Path root = TestStores.tempDir().resolve("data");
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            Path p = root.resolve(pathsAndContents[i]);
            Files.createDirectories(p.getParent());
            Files.writeString(p, pathsAndContents[i + 1]);
        }
        Files.createDirectories(root);
        return root;
    }

    private static long blobCount(Registry reg) {
        return reg.blobs.list(null, 10_000).items().size();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void dataSetVersionsAreContentAddressedAndDeduplicated(Supplier<Store> store) throws Exception {
        try (Registry reg = Registry.open(store.get())) {
            Path d1 = tree("a.csv", "x\n1\n", "sub/b.bin", "bbbb", "big.bin", "same bytes in both");
            DatasetVersion v1 = reg.datasets().add("events", d1);
            assertThat(v1.number()).isEqualTo(1);
            assertThat(v1.artifact().fileCount()).isEqualTo(3);
            long blobs = blobCount(reg);
            assertThat(blobs).isEqualTo(4); // 3 files + manifest
            DatasetVersion again = reg.datasets().add("events", d1);
            assertThat(again.number()).isEqualTo(2);
            assertThat(again.artifact().digest()).isEqualTo(v1.artifact().digest());
            assertThat(blobCount(reg)).isEqualTo(blobs); // nothing new stored
            // another data set with one identical file stores only what differs
            Path d2 = tree("copy.bin", "same bytes in both", "new.txt", "new");
            reg.datasets().add("other", d2);
            assertThat(blobCount(reg)).isEqualTo(blobs + 2); // new.txt + manifest

            Files.writeString(d1.resolve("a.csv"), "x\n2\n");
            Files.delete(d1.resolve("sub/b.bin"));
            Files.writeString(d1.resolve("c.txt"), "c");
            reg.datasets().add("events", d1);
            DatasetDiff diff = reg.datasets().diff("events", 1, 3);
            assertThat(diff.added()).containsExactly("c.txt");
            assertThat(diff.removed()).containsExactly("sub/b.bin");
            assertThat(diff.changed()).containsExactly("a.csv");
            assertThat(reg.datasets().diff("events", 1, 2).isEmpty()).isTrue();

            Path out = TestStores.tempDir().resolve("checkout");
            reg.datasets().checkout("events", 1, out);
            assertThat(Files.readString(out.resolve("sub/b.bin"))).isEqualTo("bbbb");
            assertThat(Files.readString(out.resolve("a.csv"))).isEqualTo("x\n1\n");
            assertThat(reg.datasets().versions("events")).extracting(DatasetVersion::number).containsExactly(1, 2, 3);
            assertThat(reg.datasets().names()).containsExactly("events", "other");
            assertThat(reg.datasets().latest("events").orElseThrow().number()).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aCsvFileRecordsItsSchemaAndRowCount(Supplier<Store> store) throws Exception {
        try (Registry reg = Registry.open(store.get())) {
            Path iris = TestStores.resourceFile("iris.csv", TestStores.tempDir());
            DatasetVersion v = reg.datasets().add("iris", iris);
            CsvSchema csv = v.csv().orElseThrow();
            assertThat(csv.rowCount()).isEqualTo(150);
            assertThat(csv.columns()).extracting(CsvSchema.Column::name).containsExactly("sepal length (cm)",
                    "sepal width (cm)", "petal length (cm)", "petal width (cm)", "target");
            assertThat(csv.columns()).extracting(CsvSchema.Column::type)
                    .containsExactly("number", "number", "number", "number", "integer");
            assertThat(reg.datasets().version("iris", 1)).isEqualTo(v);
            Path mixed = TestStores.tempDir().resolve("m.csv");
            Files.writeString(mixed, "id,name,score\n1,\"Smith, J\",0.5\n2,,\n3,\"multi\nline\",7\n");
            CsvSchema m = reg.datasets().add("mixed", mixed).csv().orElseThrow();
            assertThat(m.rowCount()).isEqualTo(3);
            assertThat(m.columns()).extracting(CsvSchema.Column::type).containsExactly("integer", "string", "number");
            assertThat(m.columns().get(1).missing()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void symlinksAndEscapingPathsAreRefused(Supplier<Store> store) throws Exception {
        try (Registry reg = Registry.open(store.get())) {
            Path d = tree("ok.txt", "fine");
            Path outside = TestStores.tempDir().resolve("secret.txt");
            Files.writeString(outside, "secret");
            Files.createSymbolicLink(d.resolve("link.txt"), outside);
            assertThatThrownBy(() -> reg.datasets().add("ds", d)).isInstanceOf(InvalidMetadataException.class)
                    .hasMessageContaining("Symbolic links");
            assertThat(reg.datasets().names()).isEmpty();
            assertThatThrownBy(() -> dev.mlops.registry.internal.Content.checkRelativePath("../etc/passwd"))
                    .isInstanceOf(InvalidMetadataException.class);
            assertThatThrownBy(() -> dev.mlops.registry.internal.Content.checkRelativePath("/abs"))
                    .isInstanceOf(InvalidMetadataException.class);
            assertThatThrownBy(() -> dev.mlops.registry.internal.Content.checkRelativePath("a/../../b"))
                    .isInstanceOf(InvalidMetadataException.class);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aRunLogsParamsMetricsArtifactsAndInputsAndLinksTheModelBothWays(Supplier<Store> store) throws Exception {
        try (Registry reg = Registry.open(store.get())) {
            List<RegistryEvent> events = new ArrayList<>();
            reg.addListener(events::add);
            reg.datasets().add("train", tree("t.csv", "a\n1\n"));
            Path weights = TestStores.tempDir().resolve("w.bin");
            Files.writeString(weights, "weights");
            String id;
            try (Run run = reg.runs().start("churn")) {
                id = run.id();
                run.param("lr", 0.005).param("layers", 3).tag("owner", "alice").input("train", 1).logArtifact("weights", weights);
                for (int i = 0; i < 10_000; i++) {
                    run.logMetric("loss", 1.0 / (i + 1));
                }
                run.logMetric("val_auc", 0.81, 0).logMetric("val_auc", 0.88, 1);
            }
            RunInfo info = reg.runs().get(id);
            assertThat(info.status()).isEqualTo(RunInfo.RunStatus.FINISHED);
            assertThat(info.endedAt()).isPresent();
            assertThat(info.params()).containsEntry("lr", 0.005).containsEntry("layers", 3L);
            assertThat(info.metrics()).containsEntry("val_auc", 0.88).containsEntry("loss", 1.0 / 10_000);
            assertThat(info.inputs()).containsExactly(new DatasetRef("train", 1, "input"));
            assertThat(info.artifacts().get("weights").digest()).isEqualTo(Digest.sha256("weights".getBytes()));
            List<MetricPoint> loss = reg.runs().metricHistory(id, "loss");
            assertThat(loss).hasSize(10_000);
            for (int i = 0; i < loss.size(); i++) {
                assertThat(loss.get(i).step()).isEqualTo(i);
                assertThat(loss.get(i).value()).isEqualTo(1.0 / (i + 1));
            }
            assertThat(events).filteredOn(e -> e instanceof RunEnded).hasSize(1);

            ModelVersion v = reg.register("churn").bytes(new byte[]{1}).run(id).dataset("train", 1).commit();
            assertThat(v.lineage().runId()).contains(id);
            assertThat(reg.runs().get(id).models()).containsExactly("churn:1");
            DatasetUsage usage = reg.datasets().usage("train", 1);
            assertThat(usage.modelVersions()).containsExactly("churn:1");
            assertThat(usage.runs()).containsExactly(id);
            assertThat(events).filteredOn(e -> e instanceof DatasetVersionAdded).hasSize(1);
            assertThatThrownBy(() -> reg.runs().start("churn").input("train", 9)).isInstanceOf(InvalidMetadataException.class);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void runSearchFiltersWithAndOrInAndOrdersBestFirst(Supplier<Store> store) {
        try (Registry reg = Registry.open(store.get())) {
            double[] lrs = {0.1, 0.01, 0.005, 0.001, 0.0005, 0.02};
            double[] aucs = {0.70, 0.80, 0.91, 0.88, 0.85, 0.75};
            String[] teams = {"risk", "growth", "risk", "fraud", "risk", "growth"};
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < lrs.length; i++) {
                try (Run r = reg.runs().start(i % 2 == 0 ? "exp-a" : "exp-b")) {
                    r.param("lr", lrs[i]).tag("team", teams[i]).logMetric("val_auc", aucs[i]);
                    ids.add(r.id());
                }
            }
            List<RunInfo> best = reg.runs().search(RunQuery.where(RunFilter.param("lr").lt(0.01))
                    .orderBy(RunFilter.metric("val_auc"), false).limit(2));
            assertThat(best).extracting(RunInfo::id).containsExactly(ids.get(2), ids.get(3));
            List<RunInfo> or = reg.runs().search(RunQuery.where(RunFilter.tag("team").eq("fraud")
                    .or(RunFilter.metric("val_auc").ge(0.9))));
            assertThat(or).extracting(RunInfo::id).containsExactlyInAnyOrder(ids.get(2), ids.get(3));
            List<RunInfo> in = reg.runs().search(RunQuery.where(RunFilter.tag("team").in("growth", "fraud")
                    .and(RunFilter.param("lr").gt(0.001))).experiment("exp-b"));
            assertThat(in).extracting(RunInfo::id).containsExactlyInAnyOrder(ids.get(1), ids.get(5));
            assertThat(reg.runs().list("exp-a")).hasSize(3);
            RunComparison c = reg.runs().compare(ids.get(0), ids.get(1));
            assertThat(c.params()).containsOnlyKeys("lr");
            assertThat(c.tags()).containsOnlyKeys("team");
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void gcDeletesOnlyUnreferencedBlobsPastTheGraceAndDryRunDeletesNothing(Supplier<Store> store) throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        try (Registry reg = Registry.builder().store(store.get()).clock(clock).gcGracePeriod(Duration.ofMinutes(10))
                .archiveRetention(Duration.ofDays(1)).build()) {
            reg.register("m").bytes("keep".getBytes()).commit();
            reg.register("m").bytes("archived".getBytes()).commit();
            reg.datasets().add("ds", tree("f.txt", "data"));
            reg.attach("m", 1, "p.json", "{}".getBytes());
            BlobInfo garbage = reg.blobs.put(new ByteArrayInputStream("garbage".getBytes()));
            reg.archiveVersion("m", 2, "a", "old");

            GcReport fresh = reg.maintenance().gc(false); // everything is younger than the grace period
            assertThat(fresh.deleted()).isZero();
            assertThat(fresh.inGracePeriod()).isEqualTo(1);

            clock.advance(Duration.ofHours(1));
            GcReport dry = reg.maintenance().gc(true);
            assertThat(dry.reclaimable()).isEqualTo(1);
            assertThat(dry.reclaimableBytes()).isEqualTo(7);
            assertThat(dry.deleted()).isZero();
            assertThat(reg.blobs.exists(garbage.digest())).isTrue();

            GcReport real = reg.maintenance().gc(false);
            assertThat(real.deleted()).isEqualTo(1);
            assertThat(reg.blobs.exists(garbage.digest())).isFalse();
            assertThat(reg.blobs.exists(Digest.sha256("archived".getBytes()))).isTrue(); // within retention

            clock.advance(Duration.ofDays(2));
            GcReport afterRetention = reg.maintenance().gc(false);
            assertThat(afterRetention.deleted()).isEqualTo(1);
            assertThat(reg.blobs.exists(Digest.sha256("archived".getBytes()))).isFalse();
            assertThat(reg.version("m", 2).archived()).isTrue(); // still listed, number never reused
            assertThat(reg.register("m").bytes("three".getBytes()).commit().number()).isEqualTo(3);
            assertThat(reg.maintenance().verify().problems()).extracting(VerifyReport.Problem::message)
                    .allMatch(msg -> msg.contains(Digest.sha256("archived".getBytes()).toString()));
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void anArchivedDataSetVersionIsKeptListed(Supplier<Store> store) throws Exception {
        try (Registry reg = Registry.open(store.get())) {
            reg.datasets().add("ds", tree("a", "1"));
            DatasetVersion a = reg.datasets().archive("ds", 1, "bob", "superseded");
            assertThat(a.archived()).isTrue();
            assertThat(reg.datasets().add("ds", tree("a", "2")).number()).isEqualTo(2);
            assertThat(reg.datasets().versions("ds")).extracting(DatasetVersion::archived).containsExactly(true, false);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void exportAndImportMoveAVersionBetweenRegistriesWithItsOrigin(Supplier<Store> store) throws Exception {
        try (Registry src = Registry.open(store.get()); Registry dst = Registry.open(store.get())) {
            Path dir = tree("model.onnx", "not really onnx", "vocab.txt", "abc");
            src.datasets().add("train", tree("t.csv", "a\n1\n"));
            src.register("bot").bytes(new byte[]{9}).commit();
            ModelVersion v = src.register("bot").directory(dir).format("bundle").param("lr", 0.1).metric("acc", 0.9)
                    .tag("team", "nlp").dataset("train", 1).codeRevision("c0ffee").commit();
            src.attach("bot", 2, "profile.json", "{\"p\":1}".getBytes());
            Path archive = TestStores.tempDir().resolve("bot-2.zip");
            src.maintenance().exportVersion("bot", 2, archive);

            dst.register("bot").bytes(new byte[]{1}).commit();
            dst.register("bot").bytes(new byte[]{2}).commit();
            ModelVersion imported = dst.maintenance().importVersion(archive, "ci");
            assertThat(imported.number()).isEqualTo(3);
            assertThat(imported.artifact().digest()).isEqualTo(v.artifact().digest());
            assertThat(imported.params()).isEqualTo(v.params());
            assertThat(imported.metrics()).isEqualTo(v.metrics());
            assertThat(imported.tags()).isEqualTo(v.tags());
            assertThat(imported.lineage().datasets()).containsExactly(new DatasetRef("train", 1, "train"));
            assertThat(imported.lineage().codeRevision()).contains("c0ffee");
            Origin o = imported.origin().orElseThrow();
            assertThat(o.model()).isEqualTo("bot");
            assertThat(o.version()).isEqualTo(2);
            assertThat(o.artifactDigest()).isEqualTo(v.artifact().digest());
            assertThat(o.archiveDigest()).isEqualTo(dev.mlops.registry.internal.Content.hash(archive));
            Path out = TestStores.tempDir().resolve("co");
            dst.checkout("bot", 3, out);
            assertThat(Files.readString(out.resolve("vocab.txt"))).isEqualTo("abc");
            assertThat(new String(dst.openAttachment("bot", 3, "profile.json").orElseThrow().readAllBytes()))
                    .isEqualTo("{\"p\":1}");
            assertThatThrownBy(() -> dst.maintenance().importVersion(archive, "ci")).isInstanceOf(ConflictException.class)
                    .hasMessageContaining("already imported");
            assertThat(dst.latestNumber("bot")).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aTamperedArchiveIsRefused(Supplier<Store> store) throws Exception {
        try (Registry src = Registry.inMemory(); Registry dst = Registry.open(store.get())) {
            src.register("m").bytes("original model bytes".getBytes()).commit();
            Path archive = TestStores.tempDir().resolve("m.zip");
            src.maintenance().exportVersion("m", 1, archive);
            Path tampered = TestStores.tempDir().resolve("t.zip");
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(archive));
                 ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tampered))) {
                ZipEntry e;
                while ((e = in.getNextEntry()) != null) {
                    out.putNextEntry(new ZipEntry(e.getName()));
                    byte[] b = in.readAllBytes();
                    if (e.getName().startsWith("blobs/")) {
                        b = "evil model bytes!!!!".getBytes(StandardCharsets.UTF_8);
                    }
                    out.write(b);
                    out.closeEntry();
                }
            }
            assertThatThrownBy(() -> dst.maintenance().importVersion(tampered, "ci")).isInstanceOf(CorruptedContentException.class);
            assertThat(dst.findModel("m")).isEmpty();
            assertThatThrownBy(() -> dst.runs().get("nope")).isInstanceOf(NotFoundException.class);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void lineageAnswersWhichModelServedAndOnWhatData(Supplier<Store> store) throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (Registry reg = Registry.builder().store(store.get()).clock(clock).build()) {
            reg.datasets().add("cc", tree("jan.csv", "a\n1\n"));
            reg.datasets().add("cc", tree("feb.csv", "a\n2\n"));
            reg.register("fraud").bytes(new byte[]{1}).dataset("cc", 1).param("lr", 0.1).codeRevision("r1").commit();
            reg.register("fraud").bytes(new byte[]{2}).dataset("cc", 2).param("lr", 0.05).codeRevision("r2").commit();
            reg.setAlias("fraud", "production", 1, "pipeline", "launch");
            clock.set(Instant.parse("2026-02-15T00:00:00Z"));
            reg.setAlias("fraud", "production", 2, "pipeline", "retrain");
            // "which model served production on Jan 20, trained on which data, with which code and parameters?"
            ModelVersion served = reg.version("fraud",
                    reg.alias("fraud", "production").resolve(Instant.parse("2026-01-20T00:00:00Z")).getAsInt());
            assertThat(served.lineage().datasets()).containsExactly(new DatasetRef("cc", 1, "train"));
            assertThat(served.lineage().codeRevision()).contains("r1");
            assertThat(served.params()).containsEntry("lr", 0.1);
            assertThat(reg.datasets().usage("cc", 2).modelVersions()).containsExactly("fraud:2");
            // "put back what we had then"
            reg.rollback("fraud", "production", "alice", "February model misbehaves");
            assertThat(reg.resolve("fraud", "production")).hasValue(1);
            assertThat(reg.maintenance().verify().isClean()).isTrue();
        }
    }

}
