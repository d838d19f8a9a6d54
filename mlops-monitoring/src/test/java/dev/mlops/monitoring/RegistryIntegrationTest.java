package dev.mlops.monitoring;

import dev.mlops.monitoring.checks.CheckReport;
import dev.mlops.monitoring.checks.CheckSuite;
import dev.mlops.monitoring.checks.Schema;
import dev.mlops.registry.dataset.DatasetVersion;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Registry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Profiles stored beside model versions and data checks on registry data set versions. */
class RegistryIntegrationTest {
    @TempDir
    Path dir;

    @Test
    void aProfileIsStoredBesideItsModelVersionAndReadBack() {
        try (Registry registry = Registry.inMemory()) {
            ModelVersion v = registry.register("iris").bytes("not really a model".getBytes(StandardCharsets.UTF_8))
                    .format("binary").commit();
            ReferenceProfile profile = ReferenceProfile.fromTable(MonitoringTestData.load("iris.csv"), Set.of("target"),
                    Set.of());
            assertThat(ReferenceProfile.fromRegistry(registry, "iris", v.number())).isEmpty();
            profile.attachTo(registry, "iris", v.number());
            ReferenceProfile back = ReferenceProfile.fromRegistry(registry, "iris", v.number()).orElseThrow();
            assertThat(back.toJson()).isEqualTo(profile.toJson());
            assertThat(registry.attachment("iris", v.number(), ReferenceProfile.ATTACHMENT_NAME)).isPresent();
        }
    }

    @Test
    void dataChecksRunOnARegistryDataSetVersion() throws Exception {
        Path csv = dir.resolve("train.csv");
        Files.copy(MonitoringTestData.path("iris.csv"), csv);
        Path other = dir.resolve("more");
        Files.createDirectories(other);
        Files.copy(MonitoringTestData.path("iris.csv"), other.resolve("a.csv"));
        Files.writeString(other.resolve("b.csv"), "x\n1\n");
        try (Registry registry = Registry.inMemory()) {
            DatasetVersion ds = registry.datasets().add("iris-train", csv);
            CheckSuite suite = Schema.infer(MonitoringTestData.load("iris.csv")).toSuite();
            CheckReport r = suite.run(registry, "iris-train", ds.number());
            assertThat(r.percentPassed()).isEqualTo(100.0);
            assertThat(r.rows()).isEqualTo(150);
            assertThat(r.source()).isEqualTo("iris-train v" + ds.number() + ":train.csv");

            DatasetVersion two = registry.datasets().add("two-files", other);
            assertThatThrownBy(() -> suite.run(registry, "two-files", two.number()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds 2 CSV files");
            CheckReport b = suite.run(registry, "two-files", two.number(), "b.csv");
            assertThat(b.passed()).isFalse();
            assertThat(b.checks().get(0).message()).contains("column 'sepal length (cm)' is missing");
        }
    }
}
