package dev.mlops.ui;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.mlops.ui.HtmlChecks.assertWellFormed;
import static dev.mlops.ui.HtmlChecks.byId;
import static dev.mlops.ui.HtmlChecks.count;
import static dev.mlops.ui.HtmlChecks.rows;
import static dev.mlops.ui.HtmlChecks.text;
import static dev.mlops.ui.StoryFixture.MODEL;
import static org.assertj.core.api.Assertions.assertThat;

class RegistryBrowserPagesTest {
    @TempDir
    static Path dir;
    static StoryFixture story;
    static RegistryBrowser browser;

    @BeforeAll
    static void buildTheStory() throws Exception {
        story = StoryFixture.build(dir);
        browser = RegistryBrowser.builder(story.registry).clock(story.clock).build();
    }

    @AfterAll
    static void close() {
        story.registry.close();
    }

    private static String page(String path) {
        String html = browser.render(path);
        assertWellFormed(html);
        return html;
    }

    @Test
    void theModelsListShowsEachModelWithItsLatestVersionAliasesAndLastChange() {
        String html = page("/");
        List<List<String>> rows = rows(html, "models");
        assertThat(rows).hasSize(2);
        List<String> cancer = rows.stream().filter(r -> r.get(0).equals(MODEL)).findFirst().orElseThrow();
        assertThat(cancer.get(1)).isEqualTo("Breast cancer classifier (MLP), trained on the Wisconsin data set");
        assertThat(cancer.get(2)).isEqualTo("team=oncology");
        assertThat(cancer.get(3)).isEqualTo("v2");
        assertThat(cancer.get(4)).isEqualTo("production → v1 staging → v2");
        // the last change is the rollback: 2026-01-05 09:00 + 5 + 2 × (30 + 10) + 60 + 60 + 1440 + 60 + 4320 minutes
        assertThat(cancer.get(5)).isEqualTo("2026-01-09 13:25:00 UTC");
        assertThat(html).contains("href=\"/models/breast-cancer-mlp/versions/2\"")
                .contains("href=\"/models/breast-cancer-mlp/aliases/production\"");
    }

    @Test
    void theModelPageHasAPagedVersionsTableWithMetricColumnsAndTheAliasTimelineWithTheRollback() {
        String html = page("/models/" + MODEL);
        assertThat(text(byId(html, "versions").substring(0, byId(html, "versions").indexOf("</thead>"))))
                .isEqualTo("Version Created By test_accuracy test_auc Tags Aliases Description");
        List<List<String>> rows = rows(html, "versions");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).subList(0, 5)).containsExactly("v1", "2026-01-05 09:45:00 UTC", "alice", "0.961", "0.981");
        assertThat(rows.get(1).subList(3, 7)).containsExactly("0.973", "0.993", "candidate=true status=drifted", "staging");
        String timeline = byId(html, "alias-timeline");
        assertThat(count(timeline, "class=\"move rollback\"")).isEqualTo(1);
        assertThat(count(timeline, "class=\"move\"")).isEqualTo(4);
        assertThat(timeline).contains("↶ rollback").contains("by drift-monitor: v2 → v1 (rollback) — drift alert: mean radius")
                .contains(">production</text>").contains(">staging</text>");
        assertThat(html).contains("<script>").contains("table class=\"sortable\" id=\"versions\"");
    }

    @Test
    void theVersionsTablePagesWithStableLinks() {
        RegistryBrowser small = RegistryBrowser.builder(story.registry).pageSize(1).build();
        String first = small.render("/models/" + MODEL);
        assertWellFormed(first);
        assertThat(rows(first, "versions")).hasSize(1);
        assertThat(first).contains("href=\"/models/breast-cancer-mlp?page=2\">next page »");
        String second = small.render("/models/" + MODEL + "?page=2");
        assertThat(rows(second, "versions").get(0).get(0)).isEqualTo("v2");
        assertThat(second).doesNotContain("next page").contains("« first page");
    }

    @Test
    void theVersionPageShowsSignatureParamsMetricsTagsLineageAttachmentsEditsAndDigest() {
        String html = page("/models/" + MODEL + "/versions/2");
        assertThat(rows(html, "signature")).containsExactly(
                List.of("input", "input", "tensor", "FLOAT", "[batch, 2]"),
                List.of("output", "probabilities", "tensor", "FLOAT", "[batch, 3]"));
        assertThat(rows(html, "params")).containsExactly(List.of("hidden", "64-8"), List.of("train_rows", "400"),
                List.of("type", "mlp"));
        assertThat(rows(html, "metrics")).containsExactly(List.of("test_accuracy", "0.973"), List.of("test_auc", "0.993"));
        assertThat(rows(html, "tags")).containsExactly(List.of("candidate", "true"), List.of("status", "drifted"));
        String lineage = byId(html, "lineage");
        assertThat(lineage).contains(">breast-cancer:1</text>").contains(">breast-cancer-test:1</text>")
                .contains(">breast-cancer-mlp:1</text>").contains("<title>run " + story.run2 + " (experiment run)</title>")
                .contains("href=\"/datasets/breast-cancer/versions/1\"").contains("href=\"/runs/" + story.run2 + "\"")
                .contains(">code 3f2a9c1</text>");
        assertThat(text(byId(html, "drift-verdict"))).isEqualTo("Drift detected in 1 of 2 features: mean radius");
        assertThat(html).contains("<iframe class=\"report\" sandbox=\"\"")
                .contains("src=\"/models/breast-cancer-mlp/versions/2/attachments/drift-report.json\"");
        assertThat(rows(html, "attachments")).extracting(r -> r.get(0)).containsExactly("drift-report.json", "reference-profile.json");
        assertThat(rows(html, "profile")).extracting(r -> r.get(0)).containsExactly("mean radius", "mean area");
        assertThat(rows(html, "edits")).containsExactly(List.of("2026-01-09 13:55:00 UTC", "drift-monitor", "tag:status", "—", "drifted"));
        assertThat(text(byId(html, "digest"))).isEqualTo(story.registry.version(MODEL, 2).artifact().digest().toString());
        assertThat(html).doesNotContain("<script>"); // no sortable table: no script at all
    }

    @Test
    void theVersionPageShowsDataSetsDerivedFromTheVersionAndVerifiesOnDemand() {
        String html = page("/models/" + MODEL + "/versions/1?verify=1");
        assertThat(byId(html, "lineage")).contains(">scored:1</text>").contains(">scored:2</text>")
                .contains("href=\"/datasets/scored/versions/2\"");
        assertThat(text(byId(html, "verification"))).isEqualTo("bytes match the digest");
    }

    @Test
    void aStoredDriftResultRendersAsTheHtmlDriftReport() {
        String html = browser.render("/models/" + MODEL + "/versions/2/attachments/drift-report.json");
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<title>breast-cancer-mlp v2: drift-report.json</title>")
                .contains("Drift detected in 1 of 2 features: mean radius").contains("<svg");
    }

    @Test
    void anAliasPageAnswersWhatItPointedAtAtAnInstant() {
        String html = page("/models/" + MODEL + "/aliases/production?asOf=2026-01-08T00:00:00Z");
        assertThat(text(byId(html, "now"))).isEqualTo("v1");
        assertThat(text(byId(html, "as-of"))).isEqualTo("v2");
        List<List<String>> moves = rows(html, "moves");
        assertThat(moves).hasSize(3);
        assertThat(moves.get(2).subList(0, 7)).containsExactly("3", "2026-01-09 13:25:00 UTC", "drift-monitor", "v2", "v1",
                "rollback", "drift alert: mean radius");
        assertThat(html).contains("href=\"/models/breast-cancer-mlp/aliases/production?asOf=2026-01-09T13%3A25%3A00Z\"");
    }

    @Test
    void comparingTwoVersionsShowsParamsMetricsAndSignatureDifferences() {
        String html = page("/models/" + MODEL + "/compare?a=1&b=2");
        assertThat(rows(html, "params")).containsExactly(List.of("hidden", "16-8", "64-8", ""));
        assertThat(rows(html, "metrics")).containsExactly(List.of("test_accuracy", "0.961", "0.973", "+0.012"),
                List.of("test_auc", "0.981", "0.993", "+0.012"));
        assertThat(text(byId(html, "signature"))).contains("probabilities");
    }

    @Test
    void runSearchUsesTheApiFilterLanguage() {
        String html = page("/runs?q=" + java.net.URLEncoder.encode("metric.test_auc >= 0.99 AND param.lr < 0.01",
                java.nio.charset.StandardCharsets.UTF_8));
        List<List<String>> rows = rows(html, "runs");
        assertThat(rows).extracting(r -> r.get(0)).containsExactly(story.run2);
        assertThat(text(byId(html, "filter"))).isEqualTo("(metric.test_auc >= 0.99 AND param.lr < 0.01)");
        assertThat(rows(page("/runs"), "runs")).hasSize(3);
    }

    @Test
    void aRunPageChartsTheMetricHistoryByStep() {
        String html = page("/runs/" + story.run1);
        assertThat(rows(html, "params")).containsExactly(List.of("epochs", "60"), List.of("hidden", "16-8"), List.of("lr", "0.01"));
        assertThat(html).contains("<title>loss over steps</title>").contains("<polyline");
        assertThat(count(html, "<circle r=\"3\"")).isEqualTo(20);
        assertThat(text(byId(html, "inputs"))).isEqualTo("breast-cancer:1 (input)");
        assertThat(text(byId(html, "models"))).isEqualTo("breast-cancer-mlp:1");
    }

    @Test
    void comparingRunsShowsTheirDifferences() {
        String html = page("/runs/compare?a=" + story.run1 + "&b=" + story.run2);
        assertThat(rows(html, "params")).contains(List.of("epochs", "60", "200", "+140"));
    }

    @Test
    void dataSetPagesShowVersionsFilesLineageAndDiffs() {
        assertThat(rows(page("/datasets"), "datasets")).extracting(r -> r.get(0))
                .containsExactly("breast-cancer", "breast-cancer-test", "scored");
        assertThat(rows(page("/datasets/scored"), "versions")).extracting(r -> r.get(0)).containsExactly("v1", "v2");
        String v = page("/datasets/scored/versions/2");
        assertThat(rows(v, "columns")).containsExactly(List.of("id", "integer", "0"), List.of("score", "number", "0"));
        assertThat(byId(v, "lineage")).contains(">breast-cancer-test:1</text>").contains(">breast-cancer-mlp:1</text>")
                .contains(">batch scoring</text>");
        String source = page("/datasets/breast-cancer/versions/1");
        assertThat(byId(source, "lineage")).contains(">breast-cancer-mlp:1</text>").contains(">breast-cancer-mlp:2</text>")
                .contains("<title>run " + story.run1 + " (read it)</title>");
        String diff = page("/datasets/scored/diff?from=1&to=2");
        assertThat(text(byId(diff, "changed"))).isEqualTo("scored.csv");
    }

    @Test
    void theStoreHealthPageRunsVerifyOnDemand() {
        assertThat(page("/health")).contains("Run the store check now").doesNotContain("id=\"verify\"");
        String html = page("/health?verify=1");
        assertThat(text(byId(html, "verify"))).as(html.contains("id=\"problems\"") ? rows(html, "problems").toString() : "")
                .isEqualTo("Clean: no problem found");
    }

    @Test
    void unknownPagesAndBadInputAnswerWithAClearMessage() {
        assertThat(text(byId(page("/models/no-such-model"), "main-message"))).contains("no-such-model");
        String bad = page("/runs?q=metric.auc+%3E%3E+1");
        assertThat(text(byId(bad, "main-message"))).startsWith("Expected a value at position 13 of the filter");
        assertThat(text(byId(page("/models/" + MODEL + "/versions/x"), "main-message")))
                .isEqualTo("Expected a version number 1, 2, 3 …, found 'x'");
        assertThat(text(byId(page("/models/" + MODEL + "/aliases/production?asOf=yesterday"), "main-message")))
                .startsWith("Expected asOf as an ISO-8601 instant");
    }
}
