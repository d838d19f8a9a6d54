package dev.mlops.registry;

import dev.mlops.registry.maintenance.VerifyReport;
import dev.mlops.registry.spi.RegistryException;
import dev.mlops.registry.spi.VersionedRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * verify() reports every problem and never throws on damage; listings skip an unreadable record, asking for that
 * record fails clearly; recorded sizes and signatures are checked against the content.
 */
class DamagedRecordsTest {

    private static void overwrite(Registry reg, String collection, String key, String document) {
        VersionedRecord r = reg.records.get(collection, key).orElseThrow();
        assertThat(reg.records.compareAndSet(collection, key, r.revision(), document.getBytes(StandardCharsets.UTF_8))
                .applied()).isTrue();
    }

    private static String replaceIn(Registry reg, String collection, String key, String from, String to) {
        String doc = reg.records.get(collection, key).orElseThrow().documentAsString();
        assertThat(doc).contains(from);
        return doc.replace(from, to);
    }

    @Test
    void verifyReportsEveryDamagedRecordAndListingsSkipThem() {
        try (Registry reg = Registry.inMemory()) {
            for (int i = 1; i <= 5; i++) {
                reg.register("m").bytes(new byte[] {(byte) i}).commit();
            }
            reg.attach("m", 2, "a.json", "{}".getBytes());
            reg.attach("m", 2, "b.json", "{}".getBytes());
            overwrite(reg, "versions", "m/0000000002", "{not json");
            overwrite(reg, "versions", "m/0000000004", replaceIn(reg, "versions", "m/0000000004",
                    "\"artifact\":", "\"nothing\":"));          // a version without its artifact
            overwrite(reg, "attachments", "m/0000000002/a.json", replaceIn(reg, "attachments",
                    "m/0000000002/a.json", "\"digest\":\"sha256:", "\"digest\":\"sha999:")); // a malformed digest
            Registry fresh = Registry.open(reg.store());
            VerifyReport report = fresh.maintenance().verify();
            assertThat(report.problems()).extracting(VerifyReport.Problem::subject)
                    .contains("versions/m/0000000002", "versions/m/0000000004", "attachments/m/0000000002/a.json");
            assertThat(report.isClean()).isFalse();
            // a listing skips what it cannot read; asking for that record fails clearly
            assertThat(fresh.versions("m")).extracting(ModelVersion::number).containsExactly(1, 3, 5);
            assertThat(fresh.attachments("m", 2)).extracting(AttachmentInfo::name).containsExactly("b.json");
            assertThatThrownBy(() -> fresh.version("m", 2)).isInstanceOf(RegistryException.class)
                    .hasMessageContaining("versions/m/0000000002").hasMessageContaining("verify");
        }
    }

    @Test
    void verifyChecksRecordedSizesAndSignaturesAgainstTheContent() {
        try (Registry reg = Registry.inMemory()) {
            byte[] onnx = TestStores.resource("models/multi_io.onnx");
            reg.register("m").bytes(onnx).fileName("model.onnx").commit();
            reg.register("m").bytes("twelve bytes".getBytes()).commit();
            overwrite(reg, "versions", "m/0000000002", replaceIn(reg, "versions", "m/0000000002",
                    "\"size\":12", "\"size\":-5"));
            String v1 = reg.records.get("versions", "m/0000000001").orElseThrow().documentAsString();
            overwrite(reg, "versions", "m/0000000001", v1.replace("\"name\":\"num\"", "\"name\":\"evil\""));
            List<VerifyReport.Problem> problems = Registry.open(reg.store()).maintenance().verify().problems();
            assertThat(problems).filteredOn(p -> p.kind() == VerifyReport.Kind.WRONG_METADATA)
                    .extracting(VerifyReport.Problem::subject)
                    .containsExactlyInAnyOrder("versions/m/0000000001", "versions/m/0000000002");
            assertThat(problems).anyMatch(p -> p.message().contains("records an artifact of -5 bytes but its content has 12"));
        }
    }
}
