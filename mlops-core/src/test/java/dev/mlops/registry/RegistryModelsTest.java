package dev.mlops.registry;

import dev.mlops.registry.dataset.DatasetRef;
import dev.mlops.registry.maintenance.VerifyReport;
import dev.mlops.registry.onnx.ValueInfo;

import dev.mlops.registry.event.AliasMoved;
import dev.mlops.registry.event.RegistryEvent;
import dev.mlops.registry.event.VersionRegistered;
import dev.mlops.registry.store.StoreCorrupters;
import dev.mlops.registry.spi.CorruptedContentException;
import dev.mlops.registry.spi.Digest;
import dev.mlops.registry.spi.InvalidNameException;
import dev.mlops.registry.spi.NotFoundException;
import dev.mlops.registry.spi.Page;
import dev.mlops.registry.spi.Store;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistryModelsTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static Stream<org.junit.jupiter.api.Named<Supplier<Store>>> stores() {
        return TestStores.all();
    }

    private static Registry registry(Supplier<Store> store, MutableClock clock) {
        return Registry.builder().store(store.get()).clock(clock).build();
    }

    private static byte[] model(String name) {
        return TestStores.resource("models/" + name);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void registeringAnOnnxFileRecordsEverythingAboutTheVersion(Supplier<Store> store) throws Exception {
        MutableClock clock = new MutableClock(T0);
        try (Registry reg = registry(store, clock)) {
            Path dir = TestStores.tempDir();
            Path file = TestStores.resourceFile("models/breast_cancer_mlp_v1.onnx", dir);
            Path data = TestStores.resourceFile("iris.csv", dir);
            reg.datasets().add("cc-train", data);
            ModelVersion v = reg.register("fraud").file(file).param("lr", 0.01).param("epochs", 60).param("opt", "adam")
                    .param("early_stop", true).metric("auc", 0.91).metric("loss", Double.NaN)
                    .metric("ratio", Double.POSITIVE_INFINITY).tag("team", "risk").dataset("cc-train", 1)
                    .codeRevision("abc123").description("first MLP").by("alice").commit();

            assertThat(v.number()).isEqualTo(1);
            assertThat(v.id()).isEqualTo("fraud:1");
            assertThat(v.format()).isEqualTo("onnx");
            assertThat(v.artifact().digest()).isEqualTo(Digest.sha256(Files.readAllBytes(file)));
            assertThat(v.artifact().size()).isEqualTo(Files.size(file));
            assertThat(v.artifact().fileName()).contains("breast_cancer_mlp_v1.onnx");
            assertThat(v.signature().inputs().get(0).shapeStrings()).containsExactly("batch", "30");
            assertThat(v.params()).containsEntry("lr", 0.01).containsEntry("epochs", 60L).containsEntry("opt", "adam")
                    .containsEntry("early_stop", true);
            assertThat(v.createdAt()).isEqualTo(T0);
            assertThat(v.createdBy()).isEqualTo("alice");
            assertThat(v.lineage().datasets()).containsExactly(new DatasetRef("cc-train", 1, "train"));
            assertThat(v.lineage().codeRevision()).contains("abc123");

            ModelVersion read = reg.version("fraud", 1);
            assertThat(read).isEqualTo(v);
            assertThat(read.metrics().get("loss")).isNaN();
            assertThat(read.metrics().get("ratio")).isEqualTo(Double.POSITIVE_INFINITY);
            try (InputStream in = reg.openArtifact("fraud", 1)) {
                assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(file));
            }
            assertThat(reg.modelInfo("fraud").createdBy()).isEqualTo("alice");
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void versionsAreNumberedFromOneWithoutGapsAndLatestFollows(Supplier<Store> store) {
        try (Registry reg = registry(store, new MutableClock(T0))) {
            assertThat(reg.latest("m")).isEmpty();
            for (int i = 1; i <= 12; i++) {
                ModelVersion v = reg.register("m").bytes(("v" + i).getBytes()).commit();
                assertThat(v.number()).isEqualTo(i);
            }
            assertThat(reg.latestNumber("m")).isEqualTo(12);
            assertThat(reg.latest("m").orElseThrow().number()).isEqualTo(12);
            assertThat(reg.versions("m")).extracting(ModelVersion::number)
                    .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
            Page<ModelVersion> p1 = reg.versions("m", null, 5);
            assertThat(p1.items()).extracting(ModelVersion::number).containsExactly(1, 2, 3, 4, 5);
            Page<ModelVersion> p2 = reg.versions("m", p1.nextPageToken(), 5);
            assertThat(p2.items()).extracting(ModelVersion::number).containsExactly(6, 7, 8, 9, 10);
            // non-ONNX bytes register as binary with an empty signature
            assertThat(reg.version("m", 1).format()).isEqualTo("binary");
            assertThat(reg.version("m", 1).signature().isEmpty()).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aDirectoryArtifactIsAManifestOfContentAddressedFiles(Supplier<Store> store) throws Exception {
        try (Registry reg = registry(store, new MutableClock(T0))) {
            Path dir = TestStores.tempDir().resolve("bundle");
            Files.createDirectories(dir.resolve("tokenizer"));
            Files.write(dir.resolve("model.onnx"), model("multi_io.onnx"));
            Files.writeString(dir.resolve("tokenizer/vocab.txt"), "a\nb\nc\n");
            Files.writeString(dir.resolve("model.onnx.data"), "external weights");
            ModelVersion v = reg.register("bundle").directory(dir).commit();
            assertThat(v.artifact().kind()).isEqualTo(Artifact.Kind.DIRECTORY);
            assertThat(v.artifact().fileCount()).isEqualTo(3);
            assertThat(v.format()).isEqualTo("onnx");
            assertThat(v.signature().inputs()).extracting(ValueInfo::name).containsExactly("num", "cat");
            assertThat(reg.artifactFiles("bundle", 1)).extracting(ArtifactFile::path)
                    .containsExactly("model.onnx", "model.onnx.data", "tokenizer/vocab.txt");
            Path out = TestStores.tempDir().resolve("out");
            reg.checkout("bundle", 1, out);
            assertThat(Files.readString(out.resolve("tokenizer/vocab.txt"))).isEqualTo("a\nb\nc\n");
            assertThat(Files.readAllBytes(out.resolve("model.onnx"))).isEqualTo(model("multi_io.onnx"));
            assertThatThrownBy(() -> reg.openArtifact("bundle", 1)).isInstanceOf(InvalidMetadataException.class);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void registeringFromAStreamReadsTheSignatureFromTheStoredBytes(Supplier<Store> store) {
        try (Registry reg = registry(store, new MutableClock(T0))) {
            ModelVersion v = reg.register("iris").stream(new ByteArrayInputStream(model("iris_logreg_zipmap.onnx")))
                    .fileName("iris.onnx").commit();
            assertThat(v.signature().outputs()).extracting(o -> o.type().describe())
                    .containsExactly("tensor(int64)", "seq(map(int64,tensor(float)))");
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void badInputIsRefusedWithASpecificExceptionAndWritesNothing(Supplier<Store> store) {
        try (Registry reg = registry(store, new MutableClock(T0))) {
            assertThatThrownBy(() -> reg.register("Fraud")).isInstanceOf(InvalidNameException.class)
                    .hasMessageContaining("lower-case");
            assertThatThrownBy(() -> reg.register("a".repeat(129))).isInstanceOf(InvalidNameException.class);
            assertThatThrownBy(() -> reg.register("m").param("x", new Object())).isInstanceOf(InvalidMetadataException.class)
                    .hasMessageContaining("expected a String, Number or Boolean");
            assertThatThrownBy(() -> reg.register("m").bytes(new byte[]{1}).dataset("nope", 1).commit())
                    .isInstanceOf(InvalidMetadataException.class).hasMessageContaining("nope:1");
            assertThatThrownBy(() -> reg.register("m").bytes(new byte[]{1}).fileName("x.onnx").commit())
                    .isInstanceOf(InvalidModelException.class);
            assertThatThrownBy(() -> reg.register("m").bytes(new byte[]{1}).parent(3).commit())
                    .isInstanceOf(InvalidMetadataException.class);
            assertThatThrownBy(() -> reg.register("m").bytes(new byte[]{1}).run("nosuchrun").commit())
                    .isInstanceOf(InvalidMetadataException.class);
            assertThatThrownBy(() -> reg.version("m", 1)).isInstanceOf(NotFoundException.class).hasMessageContaining("'m'");
            assertThat(reg.models()).isEmpty();
            assertThat(reg.blobs.list(null, 10).items()).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void metadataEditsAreRecordedNotOverwritten(Supplier<Store> store) {
        MutableClock clock = new MutableClock(T0);
        try (Registry reg = registry(store, clock)) {
            reg.register("m").bytes(new byte[]{1}).tag("stage", "dev").description("one").commit();
            clock.advance(Duration.ofMinutes(1));
            reg.describeVersion("m", 1, "two", "bob");
            reg.tagVersion("m", 1, "stage", "prod", "carol");
            ModelVersion v = reg.version("m", 1);
            assertThat(v.description()).isEqualTo("two");
            assertThat(v.tags()).containsEntry("stage", "prod");
            List<MetadataEdit> edits = reg.versionEdits("m", 1);
            assertThat(edits).extracting(MetadataEdit::field, MetadataEdit::by)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("description", "bob"),
                            org.assertj.core.groups.Tuple.tuple("tag:stage", "carol"));
            assertThat(edits.get(0).before()).contains("one");
            assertThat(edits.get(1).before()).contains("dev");
            // the artifact and number never change
            assertThat(v.artifact().digest()).isEqualTo(Digest.sha256(new byte[]{1}));

            ModelInfo created = reg.model("empty").create("no versions yet", "dana");
            assertThat(created.createdBy()).isEqualTo("dana");
            assertThat(reg.latest("empty")).isEmpty();
            assertThatThrownBy(() -> reg.model("empty").create("again", "dana"))
                    .isInstanceOf(dev.mlops.registry.spi.ConflictException.class);
            reg.model("m").describe("a model", "bob");
            reg.model("m").tag("team", "risk", "bob");
            reg.register("other").bytes(new byte[]{2}).commit();
            reg.model("other").tag("team", "growth", "bob");
            assertThat(reg.findModels("", Map.of("team", "risk"))).extracting(ModelInfo::name).containsExactly("m");
            assertThat(reg.findModels("ot", Map.of())).extracting(ModelInfo::name).containsExactly("other");
            assertThat(reg.models()).extracting(ModelInfo::name).containsExactly("empty", "m", "other");
            assertThat(reg.model("m").edits()).hasSize(2);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aliasesMoveResolveAsOfAndRollBackLikeRolloutUndo(Supplier<Store> store) {
        MutableClock clock = new MutableClock(T0);
        try (Registry reg = registry(store, clock)) {
            for (int i = 0; i < 3; i++) {
                reg.register("fraud").bytes(new byte[]{(byte) i}).commit();
            }
            assertThat(reg.resolve("fraud", "production")).isEmpty();
            assertThat(reg.aliasRevision("fraud", "production")).isZero();
            Instant jan = clock.instant();
            reg.setAlias("fraud", "production", 1, "alice", "first");
            clock.advance(Duration.ofDays(31));
            Instant feb = clock.instant();
            reg.setAlias("fraud", "production", 2, "alice", "better");
            clock.advance(Duration.ofDays(28));
            reg.setAlias("fraud", "production", 3, "bob", "best");
            assertThat(reg.resolve("fraud", "production")).hasValue(3);
            assertThat(reg.alias("fraud", "production").resolve(jan.minusSeconds(1))).isEmpty();
            assertThat(reg.alias("fraud", "production").resolve(jan)).hasValue(1);
            assertThat(reg.alias("fraud", "production").resolve(feb.minusSeconds(1))).hasValue(1);
            assertThat(reg.alias("fraud", "production").resolve(feb)).hasValue(2);
            assertThat(reg.alias("fraud", "production").resolve(clock.instant())).hasValue(3);
            assertThat(reg.aliasRevision("fraud", "production")).isEqualTo(3);

            AliasMove back = reg.rollback("fraud", "production", "carol", "3 is broken");
            assertThat(back.kind()).isEqualTo(AliasMove.Kind.ROLLBACK);
            assertThat(back.from()).hasValue(3);
            assertThat(back.to()).hasValue(2);
            assertThat(reg.resolve("fraud", "production")).hasValue(2);
            reg.rollback("fraud", "production", "carol", "undo the undo");
            assertThat(reg.resolve("fraud", "production")).hasValue(3);

            AliasHistory h = reg.aliasHistory("fraud", "production");
            assertThat(h.isIntact()).isTrue();
            assertThat(h.moves()).extracting(AliasMove::sequence).containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(h.moves()).extracting(AliasMove::actor).containsExactly("alice", "alice", "bob", "carol", "carol");
            assertThat(h.moves().get(1).previousHash()).contains(h.moves().get(0).hash());
            assertThat(reg.aliases("fraud")).containsExactly(Map.entry("production", 3));
            assertThat(reg.alias("fraud", "production").revision()).isEqualTo(5);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void rollingBackTheFirstMoveClearsTheAlias(Supplier<Store> store) {
        try (Registry reg = registry(store, new MutableClock(T0))) {
            reg.register("m").bytes(new byte[]{1}).commit();
            reg.setAlias("m", "staging", 1, "a", "r");
            reg.rollback("m", "staging", "a", "oops");
            assertThat(reg.resolve("m", "staging")).isEmpty();
            assertThatThrownBy(() -> reg.resolveVersion("m", "staging")).isInstanceOf(NotFoundException.class);
            reg.rollback("m", "staging", "a", "back");
            assertThat(reg.resolve("m", "staging")).hasValue(1);
            assertThatThrownBy(() -> reg.rollback("m", "never", "a", "x")).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> reg.setAlias("m", "staging", 7, "a", "x")).isInstanceOf(NotFoundException.class);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aProtectedAliasMovesOnlyForTheActorsThePolicyNames(Supplier<Store> store) {
        try (Registry reg = Registry.builder().store(store.get())
                .aliasPolicy(AliasPolicy.protect("production", Set.of("pipeline"))).build()) {
            reg.register("m").bytes(new byte[]{1}).commit();
            assertThatThrownBy(() -> reg.setAlias("m", "production", 1, "alice", "hotfix"))
                    .isInstanceOf(AliasProtectedException.class).hasMessageContaining("only [pipeline]");
            assertThat(reg.aliasRevision("m", "production")).isZero();
            reg.setAlias("m", "production", 1, "pipeline", "release");
            reg.setAlias("m", "staging", 1, "alice", "anyone may");
            assertThat(reg.resolve("m", "production")).hasValue(1);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void eventsArriveInCommitOrderAndAThrowingListenerIsContained(Supplier<Store> store) throws Exception {
        try (Registry reg = registry(store, new MutableClock(T0))) {
            List<RegistryEvent> seen = new ArrayList<>();
            reg.addListener(e -> {
                throw new IllegalStateException("listener bug");
            });
            AutoCloseable handle = reg.addListener(seen::add);
            reg.register("m").bytes(new byte[]{1}).commit();
            reg.register("m").bytes(new byte[]{2}).commit();
            reg.setAlias("m", "prod", 2, "a", "r");
            reg.attach("m", 2, "drift-profile.json", "{}".getBytes());
            assertThat(seen).hasSize(4);
            assertThat(((VersionRegistered) seen.get(0)).version().number()).isEqualTo(1);
            assertThat(((VersionRegistered) seen.get(1)).version().number()).isEqualTo(2);
            assertThat(((AliasMoved) seen.get(2)).move().to()).hasValue(2);
            assertThat(reg.listenerFailures()).isEqualTo(4);
            handle.close();
            reg.register("m").bytes(new byte[]{3}).commit();
            assertThat(seen).hasSize(4);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void attachmentsAreStoredBesideAVersionWithoutChangingIt(Supplier<Store> store) throws Exception {
        try (Registry reg = registry(store, new MutableClock(T0))) {
            ModelVersion v = reg.register("m").bytes(new byte[]{1}).commit();
            reg.attach("m", 1, "drift-profile.json", "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
            reg.attach("m", 1, "drift-profile.json", "{\"a\":2}".getBytes(StandardCharsets.UTF_8));
            reg.attach("m", 1, "notes.txt", "hi".getBytes(StandardCharsets.UTF_8));
            try (InputStream in = reg.openAttachment("m", 1, "drift-profile.json").orElseThrow()) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":2}");
            }
            assertThat(reg.openAttachment("m", 1, "missing.json")).isEmpty();
            assertThat(reg.attachments("m", 1)).extracting(AttachmentInfo::name).containsExactly("drift-profile.json", "notes.txt");
            assertThat(reg.version("m", 1)).isEqualTo(v);
            assertThatThrownBy(() -> reg.attach("m", 2, "x.json", new byte[0])).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> reg.attach("m", 1, "Bad Name", new byte[0])).isInstanceOf(InvalidNameException.class);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void extensionCollectionsHaveRevisionSemantics(Supplier<Store> store) {
        try (Registry reg = registry(store, new MutableClock(T0))) {
            RecordCollection c = reg.collection("pipeline-runs");
            assertThat(c.create("run-1", Map.of("state", "started"))).contains(1L);
            assertThat(c.create("run-1", Map.of("state", "again"))).isEmpty();
            assertThat(c.compareAndSet("run-1", 1, Map.of("state", "done"))).contains(2L);
            assertThat(c.compareAndSet("run-1", 1, Map.of("state", "stale"))).isEmpty();
            RecordCollection.Document d = c.get("run-1").orElseThrow();
            assertThat(d.revision()).isEqualTo(2);
            assertThat(d.document().get("state").asText()).isEqualTo("done");
            assertThat(c.get("run-1", Map.class).orElseThrow().get("state")).isEqualTo("done");
            assertThat(c.keys("")).containsExactly("run-1");
            assertThat(c.delete("run-1", 2)).isTrue();
            assertThat(c.get("run-1")).isEmpty();
            assertThatThrownBy(() -> c.create("x", List.of(1))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void compareShowsParameterMetricSignatureAndLineageDifferences(Supplier<Store> store) {
        try (Registry reg = registry(store, new MutableClock(T0))) {
            reg.register("bc").bytes(model("breast_cancer_mlp_v1.onnx")).param("lr", 0.01).param("epochs", 60)
                    .metric("acc", 0.95).codeRevision("a1").commit();
            reg.register("bc").bytes(model("multi_io.onnx")).param("lr", 0.003).param("epochs", 60)
                    .metric("acc", 0.97).codeRevision("b2").parent(1).commit();
            VersionComparison c = reg.compare("bc", 1, 2);
            assertThat(c.params()).containsOnlyKeys("lr");
            assertThat(c.metrics().get("acc").delta().orElseThrow()).isCloseTo(0.02, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(c.signature()).anyMatch(s -> s.startsWith("input removed: features"))
                    .anyMatch(s -> s.startsWith("input added: num"));
            assertThat(c.lineage()).contains("code revision: a1 -> b2");
            assertThat(c.artifactChanged()).isTrue();
            assertThat(reg.compare("bc", 1, 1).isIdentical()).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void verifyIsCleanOnAHealthyStoreAndReportsCorruption(Supplier<Store> store) {
        try (Registry reg = registry(store, new MutableClock(T0))) {
            reg.register("m").bytes(model("diabetes_linear.onnx")).commit();
            reg.setAlias("m", "prod", 1, "a", "r");
            reg.attach("m", 1, "p.json", "{}".getBytes());
            reg.blobs.put(new ByteArrayInputStream("orphan".getBytes()));
            VerifyReport ok = reg.maintenance().verify();
            assertThat(ok.problems()).isEmpty();
            assertThat(ok.blobsChecked()).isEqualTo(3);
            assertThat(ok.unreferencedBlobs()).isEqualTo(1);
            if (StoreCorrupters.of(reg.blobs).isPresent()) {
                Digest d = reg.version("m", 1).artifact().digest();
                StoreCorrupters.of(reg.blobs).get().corrupt(d, model("multi_io.onnx"));
                VerifyReport bad = reg.maintenance().verify();
                assertThat(bad.problems()).extracting(VerifyReport.Problem::kind).contains(VerifyReport.Kind.CORRUPT_BLOB);
                assertThatThrownBy(() -> {
                    try (InputStream in = reg.openArtifact("m", 1)) {
                        in.readAllBytes();
                    }
                }).isInstanceOf(CorruptedContentException.class);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void verifyFindsATamperedAliasHistoryEntry(Supplier<Store> store) {
        try (Registry reg = registry(store, new MutableClock(T0))) {
            reg.register("m").bytes(new byte[]{1}).commit();
            reg.register("m").bytes(new byte[]{2}).commit();
            reg.setAlias("m", "prod", 1, "a", "r1");
            reg.setAlias("m", "prod", 2, "a", "r2");
            reg.setAlias("m", "prod", 1, "a", "r3");
            String key = "m/prod/" + "0000000002";
            var rec = reg.records.get("alias-history", key).orElseThrow();
            String edited = rec.documentAsString().replace("\"r2\"", "\"nothing to see\"");
            assertThat(reg.records.compareAndSet("alias-history", key, rec.revision(),
                    edited.getBytes(StandardCharsets.UTF_8)).applied()).isTrue();
            Registry fresh = Registry.open(reg.store());
            assertThat(fresh.aliasHistory("m", "prod").isIntact()).isFalse();
            assertThat(fresh.maintenance().verify().problems()).extracting(VerifyReport.Problem::kind)
                    .contains(VerifyReport.Kind.BROKEN_ALIAS_CHAIN);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void anOlderFormatDocumentWithUnknownFieldsIsStillRead(Supplier<Store> store) {
        try (Registry reg = registry(store, new MutableClock(T0))) {
            reg.register("m").bytes(new byte[]{1}).commit();
            var rec = reg.records.get("versions", "m/0000000001").orElseThrow();
            String withExtra = rec.documentAsString().replaceFirst("\\{", "{\"futureField\":{\"x\":1},");
            reg.records.compareAndSet("versions", "m/0000000001", rec.revision(), withExtra.getBytes(StandardCharsets.UTF_8));
            Registry fresh = Registry.open(reg.store());
            assertThat(fresh.version("m", 1).artifact().digest()).isEqualTo(Digest.sha256(new byte[]{1}));
            String newer = rec.documentAsString().replace("\"format\":1", "\"format\":2");
            reg.records.compareAndSet("versions", "m/0000000001", rec.revision() + 1, newer.getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> Registry.open(reg.store()).version("m", 1)).hasMessageContaining("upgrade mlops");
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void anArchivedVersionKeepsItsNumberAndRefusesAliases(Supplier<Store> store) {
        try (Registry reg = registry(store, new MutableClock(T0))) {
            reg.register("m").bytes(new byte[]{1}).commit();
            reg.register("m").bytes(new byte[]{2}).commit();
            reg.setAlias("m", "prod", 1, "a", "r");
            assertThatThrownBy(() -> reg.archiveVersion("m", 1, "a", "old")).isInstanceOf(ArchivedException.class)
                    .hasMessageContaining("prod");
            ModelVersion archived = reg.archiveVersion("m", 2, "a", "superseded");
            assertThat(archived.archived()).isTrue();
            assertThatThrownBy(() -> reg.setAlias("m", "prod", 2, "a", "r")).isInstanceOf(ArchivedException.class);
            assertThat(reg.register("m").bytes(new byte[]{3}).commit().number()).isEqualTo(3);
            assertThat(reg.versions("m")).extracting(ModelVersion::archived).containsExactly(false, true, false);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void resolveWorksFromASecondRegistryOnTheSameStore(Supplier<Store> store) {
        Store s = store.get();
        try (Registry a = Registry.open(s); Registry b = Registry.open(s)) {
            a.register("m").bytes(new byte[]{1}).commit();
            a.register("m").bytes(new byte[]{2}).commit();
            long before = b.aliasRevision("m", "prod");
            a.setAlias("m", "prod", 2, "a", "r");
            assertThat(b.aliasRevision("m", "prod")).isGreaterThan(before);
            assertThat(b.resolve("m", "prod")).isEqualTo(OptionalInt.of(2));
            assertThat(b.latestNumber("m")).isEqualTo(2);
        } finally {
            s.close();
        }
    }
}
