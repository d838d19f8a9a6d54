package dev.mlops.registry;

import dev.mlops.registry.dataset.DatasetAddition;
import dev.mlops.registry.dataset.DatasetLineage;
import dev.mlops.registry.dataset.DatasetRef;
import dev.mlops.registry.dataset.DatasetVersion;

import dev.mlops.registry.Model;
import dev.mlops.registry.experiment.Run;
import dev.mlops.registry.maintenance.VerifyReport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.registry.event.DatasetVersionAdded;
import dev.mlops.registry.event.RegistryEvent;
import dev.mlops.registry.internal.Json;
import dev.mlops.registry.internal.Keys;
import dev.mlops.registry.spi.BlobInfo;
import dev.mlops.registry.spi.InvalidNameException;
import dev.mlops.registry.spi.NotFoundException;
import dev.mlops.registry.spi.Page;
import dev.mlops.registry.spi.Store;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetLineageTest {

    static Stream<org.junit.jupiter.api.Named<Supplier<Store>>> stores() {
        return TestStores.all();
    }

    private static Path file(String name, String content) throws Exception {
        Path p = TestStores.tempDir().resolve(name);
        Files.writeString(p, content);
        return p;
    }

    private static long blobCount(Registry reg) {
        return reg.blobs.list(null, 10_000).items().size();
    }

    private static List<String> keys(Registry reg, String collection) {
        return reg.records.list(collection, "", null, 10_000).items();
    }

    private static List<String> ids(List<DatasetVersion> versions) {
        return versions.stream().map(DatasetVersion::id).toList();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aDerivedVersionKeepsItsLineageAcrossRegistryInstances(Supplier<Store> store) throws Exception {
        Store s = store.get();
        ModelVersion model;
        String runId;
        try (Registry reg = Registry.open(s)) {
            reg.datasets().add("patients", file("patients.csv", "age,size\n61,2.5\n47,1.0\n"));
            reg.datasets().add("labels", file("labels.csv", "y\n1\n0\n"));
            model = reg.register("cancer").bytes(new byte[]{1, 2, 3}).commit();
            try (Run run = reg.runs().start("scoring")) {
                runId = run.id();
            }
            DatasetVersion scored = reg.datasets().add("patients-scored").path(file("scored.csv", "p\n0.9\n0.2\n"))
                    .derivedFrom("patients", 1).derivedFrom("labels", 1, "labels").producedBy("cancer", model.number())
                    .run(runId).codeRevision("c0ffee").transform("batch scoring").by("alice").commit();
            DatasetLineage expected = new DatasetLineage(
                    List.of(new DatasetRef("patients", 1, "input"), new DatasetRef("labels", 1, "labels")),
                    Optional.of(new ModelVersionRef("cancer", 1)), Optional.of(runId), Optional.of("c0ffee"),
                    Optional.of("batch scoring"));
            assertThat(scored.lineage()).isEqualTo(expected);
            assertThat(scored.lineage().toString()).isEqualTo(
                    "from patients:1 (input), labels:1 (labels), by model cancer:1, run " + runId
                            + ", code c0ffee, transform 'batch scoring'");
        }
        try (Registry again = Registry.open(s)) {
            DatasetLineage read = again.datasets().version("patients-scored", 1).lineage();
            assertThat(read.inputs()).containsExactly(new DatasetRef("patients", 1, "input"),
                    new DatasetRef("labels", 1, "labels"));
            assertThat(read.model()).contains(new ModelVersionRef("cancer", 1));
            assertThat(read.runId()).contains(runId);
            assertThat(read.codeRevision()).contains("c0ffee");
            assertThat(read.transform()).contains("batch scoring");
            assertThat(again.datasets().latest("patients-scored").orElseThrow().lineage()).isEqualTo(read);
            assertThat(again.datasets().versions("patients-scored")).singleElement()
                    .satisfies(v -> assertThat(v.lineage()).isEqualTo(read));
            assertThat(again.datasets().version("patients", 1).lineage()).isEqualTo(DatasetLineage.none());
            assertThat(again.maintenance().verify().isClean()).isTrue();
        }
    }

    @Test
    void aFileStoreReopenedFromItsUriReadsTheLineage() throws Exception {
        Path dir = TestStores.tempDir();
        String uri = TestStores.fileUri(dir);
        try (Registry reg = Registry.open(uri)) {
            reg.datasets().add("raw", file("raw.csv", "x\n1\n"));
            reg.datasets().add("clean").path(file("clean.csv", "x\n1\n")).derivedFrom("raw", 1).transform("dedupe").commit();
        }
        try (Registry reg = Registry.open(uri)) {
            assertThat(reg.datasets().version("clean", 1).lineage()).isEqualTo(DatasetLineage.none()
                    .withInput(new DatasetRef("raw", 1, DatasetRef.INPUT)).withTransform("dedupe"));
            assertThat(ids(reg.datasets().derivatives("raw", 1))).containsExactly("clean:1");
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aVersionWithoutLineageIsStoredExactlyAsBeforeAndADocumentWithoutTheFieldReadsAsNone(Supplier<Store> store)
            throws Exception {
        try (Registry reg = Registry.open(store.get())) {
            reg.datasets().add("plain", file("plain.csv", "x\n1\n"));
            JsonNode stored = Json.tree(reg.records.get(Keys.DATASET_VERSIONS, Keys.version("plain", 1))
                    .orElseThrow().document(), "plain");
            assertThat(stored.has("lineage")).isFalse();
            assertThat(stored.path("format").asInt()).isEqualTo(1);

            // a document written by the library before lineage existed (format 1, no lineage field)
            byte[] bytes = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);
            BlobInfo blob = reg.blobs.put(new ByteArrayInputStream(bytes));
            String legacy = "{\"format\":1,\"name\":\"legacy\",\"version\":1,\"artifact\":{\"kind\":\"file\",\"digest\":\""
                    + blob.digest() + "\",\"size\":" + bytes.length + ",\"fileCount\":1,\"fileName\":\"old.csv\"},"
                    + "\"csv\":{\"columns\":[{\"name\":\"a\",\"type\":\"integer\",\"missing\":0},"
                    + "{\"name\":\"b\",\"type\":\"integer\",\"missing\":0}],\"rowCount\":1},"
                    + "\"description\":\"from 2025\",\"createdAt\":\"2025-06-01T00:00:00Z\",\"createdBy\":\"bob\"}";
            reg.records.createIfAbsent(Keys.DATASET_VERSIONS, Keys.version("legacy", 1),
                    legacy.getBytes(StandardCharsets.UTF_8));
            DatasetVersion old = reg.datasets().version("legacy", 1);
            assertThat(old.lineage()).isSameAs(DatasetLineage.none());
            assertThat(old.lineage().isEmpty()).isTrue();
            assertThat(old.description()).isEqualTo("from 2025");
            assertThat(old.csv().orElseThrow().rowCount()).isEqualTo(1);
            assertThat(reg.datasets().derivatives("legacy", 1)).isEmpty();

            // a newer writer's lineage with fields this library does not know still reads
            String newer = legacy.replace("\"name\":\"legacy\"", "\"name\":\"newer\"")
                    .replace("\"createdBy\":\"bob\"}", "\"createdBy\":\"bob\",\"lineage\":{\"inputs\":[{\"name\":"
                            + "\"legacy\",\"version\":1}],\"transform\":\"resample\",\"weights\":[1,2]},\"extra\":true}");
            reg.records.createIfAbsent(Keys.DATASET_VERSIONS, Keys.version("newer", 1),
                    newer.getBytes(StandardCharsets.UTF_8));
            assertThat(reg.datasets().version("newer", 1).lineage()).isEqualTo(DatasetLineage.none()
                    .withInput(new DatasetRef("legacy", 1, DatasetRef.INPUT)).withTransform("resample"));
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void anUnknownInputVersionIsRefusedBeforeAnythingIsWritten(Supplier<Store> store) throws Exception {
        try (Registry reg = Registry.open(store.get())) {
            reg.datasets().add("patients", file("patients.csv", "x\n1\n"));
            long blobs = blobCount(reg);
            Path out = file("out.csv", "never stored\n");
            assertThatThrownBy(() -> reg.datasets().add("scored").path(out).derivedFrom("patients", 9).commit())
                    .isInstanceOf(InvalidMetadataException.class)
                    .hasMessage("The lineage of the new version of data set 'scored' names input data set version "
                            + "patients:9, which does not exist in " + reg.description() + " (its latest version is 1). "
                            + "Name an existing version (list them with registry.datasets().versions(\"patients\")) or "
                            + "add the input first. Nothing was written.");
            assertThatThrownBy(() -> reg.datasets().add("scored").path(out).derivedFrom("nothing", 1).commit())
                    .isInstanceOf(InvalidMetadataException.class)
                    .hasMessageContaining("input data set version nothing:1, which does not exist")
                    .hasMessageContaining("(data set 'nothing' has no versions)");
            assertThat(blobCount(reg)).isEqualTo(blobs);
            assertThat(reg.datasets().names()).containsExactly("patients");
            assertThat(reg.datasets().latest("scored")).isEmpty();
            assertThat(keys(reg, Keys.DATASET_DERIVATIONS)).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void anUnknownModelVersionOrRunIsRefusedBeforeAnythingIsWritten(Supplier<Store> store) throws Exception {
        try (Registry reg = Registry.open(store.get())) {
            reg.datasets().add("patients", file("patients.csv", "x\n1\n"));
            reg.register("cancer").bytes(new byte[]{7}).commit();
            long blobs = blobCount(reg);
            Path out = file("out.csv", "never stored\n");
            assertThatThrownBy(() -> reg.datasets().add("scored").path(out).derivedFrom("patients", 1)
                    .producedBy("cancer", 4).commit())
                    .isInstanceOf(InvalidMetadataException.class)
                    .hasMessage("The lineage of the new version of data set 'scored' names model version cancer:4, "
                            + "which does not exist in " + reg.description() + " (its latest version is 1). Name an "
                            + "existing version (list them with registry.versions(\"cancer\")) or register the model "
                            + "first. Nothing was written.");
            assertThatThrownBy(() -> reg.datasets().add("scored").path(out).producedBy("fraud", 1).commit())
                    .isInstanceOf(InvalidMetadataException.class)
                    .hasMessageContaining("(model 'fraud' has no versions)");
            assertThatThrownBy(() -> reg.datasets().add("scored").path(out).run("no-such-run").commit())
                    .isInstanceOf(InvalidMetadataException.class)
                    .hasMessageContaining("Run 'no-such-run' does not exist");
            assertThat(blobCount(reg)).isEqualTo(blobs);
            assertThat(reg.datasets().names()).containsExactly("patients");
            assertThat(keys(reg, Keys.DATASET_DERIVATIONS)).isEmpty();
            assertThat(keys(reg, Keys.MODEL_OUTPUTS)).isEmpty();
        }
    }

    @Test
    void badNamesAndNumbersAreRefusedByTheSetters() {
        try (Registry reg = Registry.inMemory()) {
            DatasetAddition add = reg.datasets().add("out");
            assertThatThrownBy(() -> add.derivedFrom("Bad Name", 1)).isInstanceOf(InvalidNameException.class);
            assertThatThrownBy(() -> add.derivedFrom("ok", 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("A data set version is >= 1, found 0 for 'ok'");
            assertThatThrownBy(() -> add.producedBy("a/b", 1)).isInstanceOf(InvalidNameException.class);
            assertThatThrownBy(() -> add.producedBy("m", -2)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("A model version is >= 1, found -2 for 'm'");
            assertThatThrownBy(() -> add.transform("x".repeat(1001))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("at most 1000 characters, found 1001");
            assertThatThrownBy(() -> add.lineage(DatasetLineage.none().withInput(new DatasetRef("UPPER", 1, "input"))))
                    .isInstanceOf(InvalidNameException.class);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void derivationsAndModelOutputsAreFoundThroughTheIndex(Supplier<Store> store) throws Exception {
        try (Registry reg = Registry.open(store.get())) {
            reg.datasets().add("patients", file("p1.csv", "x\n1\n"));
            reg.datasets().add("patients", file("p2.csv", "x\n2\n"));
            reg.datasets().add("other", file("o.csv", "y\n1\n"));
            reg.register("cancer").bytes(new byte[]{1}).commit();
            reg.register("cancer").bytes(new byte[]{2}).commit();
            reg.datasets().add("scored").path(file("s1.csv", "p\n1\n")).derivedFrom("patients", 1).producedBy("cancer", 1).commit();
            reg.datasets().add("joined").path(file("j.csv", "x,y\n1,1\n")).derivedFrom("other", 1).derivedFrom("patients", 1).commit();
            reg.datasets().add("scored").path(file("s2.csv", "p\n2\n")).derivedFrom("patients", 2).producedBy("cancer", 2).commit();
            reg.datasets().add("audit").path(file("a.csv", "p\n3\n")).derivedFrom("scored", 1).producedBy("cancer", 1).commit();

            assertThat(ids(reg.datasets().derivatives("patients", 1))).containsExactly("joined:1", "scored:1");
            assertThat(ids(reg.datasets().derivatives("patients", 2))).containsExactly("scored:2");
            assertThat(ids(reg.datasets().derivatives("other", 1))).containsExactly("joined:1");
            assertThat(ids(reg.datasets().derivatives("scored", 1))).containsExactly("audit:1");
            assertThat(reg.datasets().derivatives("audit", 1)).isEmpty();
            assertThat(ids(reg.datasets().outputsOf("cancer", 1))).containsExactly("audit:1", "scored:1");
            assertThat(ids(reg.datasets().outputsOf("cancer", 2))).containsExactly("scored:2");
            assertThat(reg.datasets().usage("patients", 1).derivedDatasets()).containsExactly("joined:1", "scored:1");
            assertThat(reg.datasets().usage("patients", 1).modelVersions()).isEmpty();

            // paging: one item per page, every derivation exactly once
            List<String> paged = new ArrayList<>();
            String token = null;
            int pages = 0;
            do {
                Page<DatasetVersion> p = reg.datasets().derivatives("patients", 1, token, 1);
                paged.addAll(ids(p.items()));
                token = p.nextPageToken();
                pages++;
            } while (token != null);
            assertThat(paged).containsExactly("joined:1", "scored:1");
            assertThat(pages).isBetween(2, 3);

            assertThatThrownBy(() -> reg.datasets().derivatives("patients", 3)).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("Data set 'patients' has no version 3");
            assertThatThrownBy(() -> reg.datasets().outputsOf("cancer", 3)).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("Model 'cancer' has no version 3");
            assertThatThrownBy(() -> reg.datasets().derivatives("patients", 1, null, 0))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(reg.maintenance().verify().isClean()).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aLinkThatLostTheRaceForItsNumberIsIgnoredAndAMissingLinkIsReportedByVerify(Supplier<Store> store)
            throws Exception {
        try (Registry reg = Registry.open(store.get())) {
            reg.datasets().add("patients", file("p.csv", "x\n1\n"));
            reg.datasets().add("scored", file("s.csv", "p\n1\n")); // scored:1 has no lineage
            // what a writer leaves when another writer commits scored:1 first: a link to a version that does not name it
            byte[] link = "{\"format\":1}".getBytes(StandardCharsets.UTF_8);
            reg.records.createIfAbsent(Keys.DATASET_DERIVATIONS, Keys.link("patients", 1, "scored", 1), link);
            reg.records.createIfAbsent(Keys.DATASET_DERIVATIONS, Keys.link("patients", 1, "scored", 7), link);
            assertThat(reg.datasets().derivatives("patients", 1)).isEmpty();
            DatasetVersion real = reg.datasets().add("scored").path(file("s2.csv", "p\n2\n")).derivedFrom("patients", 1).commit();
            assertThat(ids(reg.datasets().derivatives("patients", 1))).containsExactly(real.id());
            assertThat(reg.maintenance().verify().isClean()).isTrue();

            reg.records.delete(Keys.DATASET_DERIVATIONS, Keys.link("patients", 1, "scored", 2),
                    reg.records.get(Keys.DATASET_DERIVATIONS, Keys.link("patients", 1, "scored", 2)).orElseThrow().revision());
            VerifyReport report = reg.maintenance().verify();
            assertThat(report.problems()).singleElement().satisfies(p -> {
                assertThat(p.kind()).isEqualTo(VerifyReport.Kind.MISSING_REFERENCE);
                assertThat(p.message()).isEqualTo("the derivation index lacks the link from patients:1, so "
                        + "datasetDerivatives does not list this version");
            });
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void concurrentDerivedAdditionsGetDistinctNumbersAndAreEachListedOnce(Supplier<Store> store) throws Exception {
        int threads = 4;
        int perThread = 5;
        try (Registry reg = Registry.open(store.get())) {
            reg.datasets().add("patients", file("p.csv", "x\n1\n"));
            reg.register("cancer").bytes(new byte[]{1}).commit();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<List<Integer>>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        start.await();
                        List<Integer> numbers = new ArrayList<>();
                        for (int i = 0; i < perThread; i++) {
                            numbers.add(reg.datasets().add("scored").path(file("s.csv", "p\n" + thread + "," + i + "\n"))
                                    .derivedFrom("patients", 1).producedBy("cancer", 1).commit().number());
                        }
                        return numbers;
                    }));
                }
                start.countDown();
                List<Integer> all = new ArrayList<>();
                for (Future<List<Integer>> f : futures) {
                    all.addAll(f.get(60, TimeUnit.SECONDS));
                }
                assertThat(all).hasSize(threads * perThread).doesNotHaveDuplicates();
            } finally {
                pool.shutdownNow();
            }
            List<String> expected = new ArrayList<>();
            for (int n = 1; n <= threads * perThread; n++) {
                expected.add("scored:" + n);
            }
            assertThat(ids(reg.datasets().derivatives("patients", 1))).containsExactlyElementsOf(expected);
            assertThat(ids(reg.datasets().outputsOf("cancer", 1))).containsExactlyElementsOf(expected);
            assertThat(reg.maintenance().verify().isClean()).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void theAddedEventAndAnExportedTrainingSetCarryTheLineage(Supplier<Store> store) throws Exception {
        try (Registry reg = Registry.open(store.get())) {
            List<RegistryEvent> events = new CopyOnWriteArrayList<>();
            reg.addListener(events::add);
            reg.datasets().add("raw", file("raw.csv", "x\n1\n"));
            reg.datasets().add("train").path(file("train.csv", "x\n1\n")).derivedFrom("raw", 1).codeRevision("abc")
                    .transform("split 80/20").commit();
            assertThat(events).filteredOn(e -> e instanceof DatasetVersionAdded).last()
                    .satisfies(e -> assertThat(((DatasetVersionAdded) e).dataset().lineage().transform())
                            .contains("split 80/20"));
            reg.register("m").bytes(new byte[]{5}).dataset("train", 1).commit();
            Path archive = TestStores.tempDir().resolve("m-1.zip");
            reg.maintenance().exportVersion("m", 1, archive);
            JsonNode manifest = null;
            try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
                ZipEntry e;
                while ((e = zip.getNextEntry()) != null) {
                    if (e.getName().equals("mlops-export.json")) {
                        manifest = Json.MAPPER.readTree(zip.readAllBytes());
                    }
                }
            }
            assertThat(manifest).isNotNull();
            JsonNode lineage = manifest.path("datasets").get(0).path("lineage");
            assertThat(lineage.path("inputs").get(0).path("name").asText()).isEqualTo("raw");
            assertThat(lineage.path("inputs").get(0).path("version").asInt()).isEqualTo(1);
            assertThat(lineage.path("codeRevision").asText()).isEqualTo("abc");
            assertThat(lineage.path("transform").asText()).isEqualTo("split 80/20");
        }
    }

    /**
     * Random derivation graphs: whatever versions derive from whatever earlier versions (and whichever model version
     * produced them), the index answers exactly what the versions' own lineage says, in key order.
     */
    @Property(tries = 40)
    void theIndexAnswersExactlyWhatTheLineageRecordsSay(@ForAll long seed, @ForAll @IntRange(min = 1, max = 14) int steps)
            throws Exception {
        java.util.Random rnd = new java.util.Random(seed);
        String[] names = {"a", "b", "c"};
        Path data = file("d.csv", "x\n1\n");
        try (Registry reg = Registry.inMemory()) {
            reg.register("m").bytes(new byte[]{1}).commit();
            reg.register("m").bytes(new byte[]{2}).commit();
            List<DatasetVersion> added = new ArrayList<>();
            added.add(reg.datasets().add("a", data));
            for (int i = 0; i < steps; i++) {
                DatasetAddition add = reg.datasets().add(names[rnd.nextInt(names.length)]).path(data);
                int inputs = rnd.nextInt(Math.min(3, added.size()) + 1);
                for (int k = 0; k < inputs; k++) {
                    DatasetVersion in = added.get(rnd.nextInt(added.size()));
                    add.derivedFrom(in.name(), in.number());
                }
                if (rnd.nextBoolean()) {
                    add.producedBy("m", 1 + rnd.nextInt(2));
                }
                added.add(add.commit());
            }
            java.util.Comparator<DatasetVersion> keyOrder = java.util.Comparator.comparing(DatasetVersion::name)
                    .thenComparingInt(DatasetVersion::number);
            for (DatasetVersion v : added) {
                List<String> expected = added.stream().filter(x -> x.lineage().derivesFrom(v.name(), v.number()))
                        .sorted(keyOrder).map(DatasetVersion::id).toList();
                assertThat(ids(reg.datasets().derivatives(v.name(), v.number()))).as(v.id()).isEqualTo(expected);
            }
            for (int mv = 1; mv <= 2; mv++) {
                ModelVersionRef ref = new ModelVersionRef("m", mv);
                List<String> expected = added.stream().filter(x -> x.lineage().model().equals(Optional.of(ref)))
                        .sorted(keyOrder).map(DatasetVersion::id).toList();
                assertThat(ids(reg.datasets().outputsOf("m", mv))).as(ref.id()).isEqualTo(expected);
            }
            assertThat(reg.maintenance().verify().isClean()).isTrue();
        }
    }

    @Property(tries = 200)
    void aModelVersionRefParsesWhatItPrints(@ForAll("names") String name, @ForAll @IntRange(min = 1) int version) {
        ModelVersionRef ref = new ModelVersionRef(name, version);
        assertThat(ModelVersionRef.parse(ref.id())).isEqualTo(ref);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> names() {
        return net.jqwik.api.Arbitraries.strings().withChars("abcxyz019._-").ofMinLength(1).ofMaxLength(20);
    }

    @Test
    void aModelVersionRefRefusesTextWithoutAPositiveNumber() {
        assertThat(ModelVersionRef.parse("fraud:12")).isEqualTo(new ModelVersionRef("fraud", 12));
        for (String bad : List.of("fraud", "fraud:", ":3", "fraud:0", "fraud:x", "fraud:-1")) {
            assertThatThrownBy(() -> ModelVersionRef.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("NAME:VERSION");
        }
    }
}
