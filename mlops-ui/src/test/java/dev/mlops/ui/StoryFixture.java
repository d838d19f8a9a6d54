package dev.mlops.ui;

import dev.mlops.monitoring.DriftAnalysis;
import dev.mlops.monitoring.DriftResult;
import dev.mlops.monitoring.ReferenceProfile;
import dev.mlops.monitoring.Table;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Registry;
import dev.mlops.registry.experiment.Run;
import dev.mlops.registry.onnx.Dimension;
import dev.mlops.registry.onnx.ElementType;
import dev.mlops.registry.onnx.ModelSignature;
import dev.mlops.registry.onnx.ValueInfo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A registry built the way the main example builds its own: a data set and its evaluation split, two experiment runs,
 * two registered versions with lineage and a reference profile, a drift result attached to the version that drifted,
 * alias moves (staging, production) with an automatic rollback, and a scored data set derived from the model. A
 * second model carries hostile text everywhere a user can type.
 */
final class StoryFixture {
    static final String MODEL = "breast-cancer-mlp";
    static final String HOSTILE = "<script>alert('x')</script> \"quoted\" </svg><b>bold</b> & more";
    static final Instant START = Instant.parse("2026-01-05T09:00:00Z");

    final Registry registry;
    final MutableClock clock;
    String run1;
    String run2;

    private StoryFixture(Registry registry, MutableClock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    static StoryFixture build(Path dir) throws IOException {
        MutableClock clock = new MutableClock(START);
        Registry registry = Registry.builder().uri("mem:").clock(clock).build();
        StoryFixture f = new StoryFixture(registry, clock);
        f.story(dir);
        return f;
    }

    private void tick(long minutes) {
        clock.advance(Duration.ofMinutes(minutes));
    }

    private static ModelSignature signature(int hidden) {
        return new ModelSignature(
                List.of(ValueInfo.tensor("input", ElementType.FLOAT, Dimension.symbolic("batch"), Dimension.of(2))),
                List.of(ValueInfo.tensor("probabilities", ElementType.FLOAT, Dimension.symbolic("batch"),
                        Dimension.of(hidden == 16 ? 2 : 3))));
    }

    private void story(Path dir) throws IOException {
        Random rnd = new Random(7);
        StringBuilder train = new StringBuilder("mean radius,mean area,target\n");
        double[] radius = new double[400];
        double[] area = new double[400];
        for (int i = 0; i < 400; i++) {
            radius[i] = 14 + rnd.nextGaussian() * 3;
            area[i] = 650 + rnd.nextGaussian() * 200;
            train.append(String.format(java.util.Locale.ROOT, "%.3f,%.1f,%d%n", radius[i], area[i], i % 2));
        }
        Path csv = dir.resolve("breast-cancer.csv");
        Files.writeString(csv, train, StandardCharsets.UTF_8);
        Path testCsv = dir.resolve("breast-cancer-test.csv");
        Files.writeString(testCsv, train.substring(0, train.indexOf("\n", 2000) + 1), StandardCharsets.UTF_8);

        registry.model(MODEL).create("Breast cancer classifier (MLP), trained on the Wisconsin data set", "alice");
        registry.model(MODEL).tag("team", "oncology", "alice");
        tick(5);
        registry.datasets().add("breast-cancer", csv);
        registry.datasets().add("breast-cancer-test", testCsv);

        ReferenceProfile profile = ReferenceProfile.builder().numeric("mean radius", radius).numeric("mean area", area).build();
        int[] hidden = {16, 64};
        double[] auc = {0.981, 0.993};
        for (int k = 0; k < 2; k++) {
            tick(30);
            String runId;
            try (Run run = registry.runs().start(MODEL, "alice")) {
                run.param("hidden", hidden[k] + "-8").param("lr", k == 0 ? 1e-2 : 3e-3).param("epochs", k == 0 ? 60 : 200)
                        .input("breast-cancer", 1);
                for (int step = 0; step < 20; step++) {
                    run.logMetric("loss", 0.7 * Math.exp(-step / (k == 0 ? 6.0 : 4.0)) + 0.05, step);
                }
                run.logMetric("test_auc", auc[k]).logMetric("test_accuracy", auc[k] - 0.02);
                runId = run.id();
            }
            if (k == 0) {
                run1 = runId;
            } else {
                run2 = runId;
            }
            tick(10);
            var reg = registry.register(MODEL).bytes(("model-v" + (k + 1)).getBytes(StandardCharsets.UTF_8)).format("torchscript")
                    .signature(signature(hidden[k])).run(runId).dataset("breast-cancer", 1)
                    .dataset("breast-cancer-test", 1, "eval").param("type", "mlp").param("hidden", hidden[k] + "-8")
                    .param("train_rows", 400).metric("test_auc", auc[k]).metric("test_accuracy", auc[k] - 0.02)
                    .codeRevision("3f2a9c1").description("MLP " + hidden[k] + "-8").by("alice");
            if (k == 1) {
                reg = reg.parent(1).tag("candidate", "true");
            }
            ModelVersion v = reg.commit();
            registry.attach(MODEL, v.number(), ReferenceProfile.ATTACHMENT_NAME, profile.toJsonBytes());
        }

        tick(60);
        registry.setAlias(MODEL, "staging", 1, "alice", "passed the endpoint test");
        tick(60);
        registry.setAlias(MODEL, "production", 1, "bob", "approved by carol and bob");
        tick(24 * 60);
        registry.setAlias(MODEL, "staging", 2, "alice", "v2: better AUC");
        tick(60);
        registry.setAlias(MODEL, "production", 2, "carol", "promoted after canary");
        tick(3 * 24 * 60);
        // production traffic drifted: the monitor attaches the result and rolls production back
        Map<String, String[]> shifted = new LinkedHashMap<>();
        String[] r = new String[300];
        String[] a = new String[300];
        for (int i = 0; i < 300; i++) {
            r[i] = Double.toString(19 + rnd.nextGaussian() * 3);
            a[i] = Double.toString(650 + rnd.nextGaussian() * 200);
        }
        shifted.put("mean radius", r);
        shifted.put("mean area", a);
        DriftResult drift = DriftAnalysis.compare(profile, Table.of(shifted));
        registry.attach(MODEL, 2, "drift-report.json", drift.toJson().getBytes(StandardCharsets.UTF_8));
        registry.rollback(MODEL, "production", "drift-monitor", "drift alert: mean radius");
        tick(30);
        registry.tagVersion(MODEL, 2, "status", "drifted", "drift-monitor");

        Path scored = dir.resolve("scored.csv");
        Files.writeString(scored, "id,score\n1,0.9\n2,0.1\n", StandardCharsets.UTF_8);
        registry.datasets().add("scored").path(scored).derivedFrom("breast-cancer-test", 1).producedBy(MODEL, 1)
                .transform("batch scoring").by("scorer").commit();
        Path scored2 = Files.createDirectories(dir.resolve("day2")).resolve("scored.csv");
        Files.writeString(scored2, "id,score\n1,0.9\n2,0.2\n3,0.4\n", StandardCharsets.UTF_8);
        registry.datasets().add("scored").path(scored2).derivedFrom("breast-cancer-test", 1).producedBy(MODEL, 1)
                .transform("batch scoring").by("scorer").commit();

        // hostile text wherever a user can type it
        registry.model("hostile").create(HOSTILE, HOSTILE);
        registry.model("hostile").tag("note", HOSTILE, HOSTILE);
        registry.register("hostile").bytes(new byte[] {1, 2, 3}).param("p", HOSTILE).tag("t", HOSTILE).description(HOSTILE)
                .metric("m", 1.0).by(HOSTILE).commit();
        registry.setAlias("hostile", "production", 1, HOSTILE, HOSTILE);
        try (Run run = registry.runs().start("hostile", HOSTILE)) {
            run.param("p", HOSTILE).tag("t", HOSTILE).logMetric("m", 1.0);
        }
    }
}
