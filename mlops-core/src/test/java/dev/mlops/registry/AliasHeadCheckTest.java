package dev.mlops.registry;

import dev.mlops.registry.maintenance.VerifyReport;
import dev.mlops.registry.spi.VersionedRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The alias record's head (sequence and hash) is checked against the chain's last entry. */
class AliasHeadCheckTest {

    private static Registry withHistory(int moves) {
        Registry reg = Registry.inMemory();
        reg.register("m").bytes(new byte[] {1}).commit();
        reg.register("m").bytes(new byte[] {2}).commit();
        for (int i = 0; i < moves; i++) {
            reg.setAlias("m", "prod", 1 + i % 2, "alice", "move " + i);
        }
        return reg;
    }

    private static String entry(int seq) {
        return "m/prod/" + String.format("%010d", seq);
    }

    @Test
    void editingTheLatestEntryIsReportedByVerifyAndTheHistory() {
        try (Registry reg = withHistory(8)) {
            VersionedRecord last = reg.records.get("alias-history", entry(8)).orElseThrow();
            // a consistent edit: the chain before it still links, only the head's hash can tell
            String edited = last.documentAsString().replace("\"move 7\"", "\"routine move\"");
            assertThat(reg.records.compareAndSet("alias-history", entry(8), last.revision(),
                    edited.getBytes(StandardCharsets.UTF_8)).applied()).isTrue();
            Registry fresh = Registry.open(reg.store());
            AliasHistory h = fresh.aliasHistory("m", "prod");
            assertThat(h.isIntact()).isFalse();
            assertThat(h.problems()).anyMatch(p -> p.contains("entry 8 hashes to") && p.contains("edited"));
            assertThat(fresh.maintenance().verify().problems()).extracting(VerifyReport.Problem::kind)
                    .contains(VerifyReport.Kind.BROKEN_ALIAS_CHAIN);
        }
    }

    @Test
    void deletingTheLastEntriesIsReportedByVerifyAndTheHistory() {
        try (Registry reg = withHistory(12)) {
            for (int seq = 12; seq >= 8; seq--) {
                VersionedRecord r = reg.records.get("alias-history", entry(seq)).orElseThrow();
                assertThat(reg.records.delete("alias-history", entry(seq), r.revision())).isTrue();
            }
            Registry fresh = Registry.open(reg.store());
            AliasHistory h = fresh.aliasHistory("m", "prod");
            assertThat(h.moves()).hasSize(7);
            assertThat(h.isIntact()).isFalse();
            assertThat(h.problems()).anyMatch(p -> p.contains("names entry 12 but the history ends at entry 7"));
            assertThat(fresh.maintenance().verify().problems()).extracting(VerifyReport.Problem::kind)
                    .contains(VerifyReport.Kind.BROKEN_ALIAS_CHAIN);
        }
    }

    @Test
    void aHeadThatLagsBehindAfterACrashIsNotAProblem() {
        try (Registry reg = withHistory(3)) {
            // as if the process died after committing entry 3 but before advancing the head from entry 2
            VersionedRecord head = reg.records.get("aliases", "m/prod").orElseThrow();
            VersionedRecord e2 = reg.records.get("alias-history", entry(2)).orElseThrow();
            String hash2 = dev.mlops.registry.spi.Digest.sha256(e2.document()).toString();
            String lagging = "{\"format\":1,\"seq\":2,\"version\":2,\"hash\":\"" + hash2 + "\",\"at\":\"2026-01-01T00:00:00Z\"}";
            assertThat(reg.records.compareAndSet("aliases", "m/prod", head.revision(),
                    lagging.getBytes(StandardCharsets.UTF_8)).applied()).isTrue();
            Registry fresh = Registry.open(reg.store());
            assertThat(fresh.aliasHistory("m", "prod").problems()).isEmpty();
            assertThat(fresh.resolve("m", "prod")).hasValue(1);
            assertThat(fresh.maintenance().verify().problems()).isEmpty();
        }
    }
}
