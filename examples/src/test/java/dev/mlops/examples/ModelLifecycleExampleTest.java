package dev.mlops.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ModelLifecycleExampleTest {
    @TempDir
    Path work;

    @Test
    void theMainExampleTellsTheWholeLifeOfTheModelAndWritesADriftReport() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Path report;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            report = new ModelLifecycleExample(out, work).run();
        }
        String text = bytes.toString(StandardCharsets.UTF_8);

        // data checks with % passed, both experiment runs with their real settings and test metrics
        assertThat(text).contains("6 of 6 checks passed (100.0%)", "data checks: 100.0% passed (6 of 6)");
        // 165 of 169 test rows right for both MLPs: breast_cancer_split.json's test_accuracy 0.9763313609467456
        assertThat(text).containsPattern("params \\{epochs=60, hidden=16-8, lr=0.01\\} -> test accuracy 0.9763");
        assertThat(text).containsPattern("params \\{epochs=200, hidden=64-32, lr=0.003\\} -> test accuracy 0.9763");
        // staging, four eyes, promotion
        assertThat(text).containsPattern("staging run staging/\\S+ \\(v1\\): 169 requests, 0 errors, 0 format and 0 range"
                + " failures, accuracy 0.9763 -> staged");
        assertThat(text).contains("alice approves her own request: refused (SAME_ACTOR)",
                "carol approved; run resumed: SUCCEEDED, production -> v1");
        // v2: metric gate, shadow, canary ramp to 100 %, promotion followed by the endpoint
        assertThat(text).containsPattern("metric gate: AUC v2 0.99\\d\\d vs champion v1 0.99\\d\\d .*: passed");
        assertThat(text).contains("shadow: v2 mirrored 169 requests");
        assertThat(text).containsPattern("canary 100.0%: v1 answered   0, v2 answered 400 of 400");
        assertThat(text).contains("ramp COMPLETED", "production -> v2; the prod endpoint followed the alias: its 'production' variant serves v2");
        assertThat(text).contains("reusing bob's approval for v1: FAILED");
        // drift: a quiet window, then an alert on the shifted sizes, rollback
        assertThat(text).contains("window 0: 169 rows, no drift");
        assertThat(text).containsPattern("window 1: 169 rows, DRIFT in \\[mean radius, .*worst area.*\\]");
        assertThat(text).containsPattern("continuous training: STARTED, rollback production: 2 -> 1, retraining run retrain/\\S+ SUCCEEDED");
        assertThat(text).contains("production -> v1; the endpoint serves v1 again");
        // history and report
        assertThat(text).containsPattern("#1 \\S+ MOVE     - -> v1 by alice: pipeline production run production/");
        assertThat(text).containsPattern("#2 \\S+ MOVE     v1 -> v2 by dave: pipeline production run production/");
        assertThat(text).containsPattern("#3 \\S+ ROLLBACK v2 -> v1 by continuous-training: continuous training retrain/");
        assertThat(text).contains("history intact (hash chain verified): true");
        JsonNode drift = new ObjectMapper().readTree(Files.readString(report));
        assertThat(drift.get("drifted").asBoolean()).isTrue();
        assertThat(drift.get("rows").asInt()).isEqualTo(169);
        assertThat(drift.get("drifted_features").toString()).contains("mean area");
        Path html = report.resolveSibling("drift-report.html");
        assertThat(text).contains("HTML drift report written: " + html);
        // the report's data checks ran on the drifted window (issue 21), not on the training data that passed all:
        // radii 60 % larger leave the 5-30 range
        assertThat(text).contains("data checks on the drifted window: 4 of 5 passed (80.0%)");
        assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>").contains("mean area", "mean radius")
                .contains("<strong>80.0% passed</strong> (4 of 5 checks on table, 169 rows)");
    }
}
