package dev.mlops.ui;

import dev.mlops.registry.experiment.RunQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.mlops.ui.HtmlChecks.assertWellFormed;
import static dev.mlops.ui.HtmlChecks.count;
import static dev.mlops.ui.StoryFixture.HOSTILE;
import static org.assertj.core.api.Assertions.assertThat;

/** Names, descriptions, tags, params, actors and reasons holding markup render as text, in HTML and in SVG alike. */
class HostileContentTest {
    private static final String ESCAPED =
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &quot;quoted&quot; &lt;/svg&gt;&lt;b&gt;bold&lt;/b&gt; &amp; more";
    @TempDir
    static Path dir;
    static StoryFixture story;
    static RegistryBrowser browser;
    static String runId;

    @BeforeAll
    static void build() throws Exception {
        story = StoryFixture.build(dir);
        browser = RegistryBrowser.builder(story.registry).clock(story.clock).build();
        runId = story.registry.runs().search(RunQuery.all().experiment("hostile")).get(0).id();
    }

    @AfterAll
    static void close() {
        story.registry.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/models/hostile", "/models/hostile/versions/1", "/models/hostile/aliases/production",
            "/models/hostile/aliases/production?asOf=2027-01-01T00:00:00Z", "/runs", "/runs?experiment=hostile"})
    void hostileTextIsEscapedOnEveryPage(String path) {
        String html = browser.render(path);
        assertWellFormed(html);
        assertThat(html).contains(ESCAPED).doesNotContain(HOSTILE).doesNotContain("<b>bold").doesNotContain("alert('x')");
        // the only script is the module's own table sorter, the only </svg> closes an <svg> it opened
        assertThat(count(html, "<script")).isLessThanOrEqualTo(1);
        assertThat(count(html, "</script>")).isEqualTo(count(html, "<script"));
        assertThat(count(html, "</svg>")).isEqualTo(count(html, "<svg"));
    }

    @Test
    void theRunPageEscapesParamsTagsAndActor() {
        String html = browser.render("/runs/" + runId);
        assertWellFormed(html);
        assertThat(count(html, ESCAPED)).isEqualTo(3); // by, param, tag
        assertThat(html).doesNotContain(HOSTILE);
    }

    @Test
    void theAliasTimelineEscapesTheActorInsideSvg() {
        String html = browser.render("/models/hostile");
        String timeline = HtmlChecks.byId(html, "alias-timeline");
        assertThat(timeline).contains("by " + ESCAPED + ": (unset) → v1 — " + ESCAPED)
                .contains(">&lt;script&gt;alert…</text>");
        assertThat(count(timeline, "<svg")).isEqualTo(1);
        assertThat(count(timeline, "</svg>")).isEqualTo(1);
    }

    @Test
    void aHostileFilterIsEchoedEscaped() {
        String html = browser.render("/runs?q=" + java.net.URLEncoder.encode("tag.t = \"" + HOSTILE.replace("\"", "") + "\"",
                java.nio.charset.StandardCharsets.UTF_8));
        assertWellFormed(html);
        assertThat(html).doesNotContain("<script>alert").contains("value=\"tag.t = &quot;&lt;script&gt;");
    }
}
