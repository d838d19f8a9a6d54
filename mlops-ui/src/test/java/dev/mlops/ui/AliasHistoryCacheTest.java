package dev.mlops.ui;

import dev.mlops.registry.Registry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.mlops.ui.HtmlChecks.rows;
import static org.assertj.core.api.Assertions.assertThat;

/** The browser caches alias histories by revision: a move made after a page was rendered shows on the next render. */
class AliasHistoryCacheTest {
    @Test
    void aMoveAfterARenderShowsOnTheNextRender() {
        try (Registry registry = Registry.inMemory()) {
            for (int i = 0; i < 3; i++) {
                registry.register("fraud").bytes(new byte[] {(byte) i}).by("ci").commit();
            }
            registry.setAlias("fraud", "production", 1, "alice", "first");
            RegistryBrowser browser = RegistryBrowser.builder(registry).build();
            assertThat(rows(browser.render("/models/fraud/aliases/production"), "moves")).hasSize(1);
            assertThat(browser.render("/models/fraud")).contains("production → v1");

            registry.setAlias("fraud", "production", 3, "bob", "second");
            registry.rollback("fraud", "production", "carol", "undo");
            List<List<String>> moves = rows(browser.render("/models/fraud/aliases/production"), "moves");
            assertThat(moves).extracting(r -> r.get(2) + ":" + r.get(3) + "→" + r.get(4) + ":" + r.get(5))
                    .containsExactly("alice:(unset)→v1:move", "bob:v1→v3:move", "carol:v3→v1:rollback");
            assertThat(HtmlChecks.byId(browser.render("/models/fraud"), "alias-timeline")).contains("class=\"move rollback\"");
        }
    }
}
