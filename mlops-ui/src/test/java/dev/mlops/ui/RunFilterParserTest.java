package dev.mlops.ui;

import dev.mlops.registry.experiment.RunFilter;
import dev.mlops.ui.internal.RunFilterParser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunFilterParserTest {
    @Test
    void readsTheTextTheApiPrints() {
        RunFilter api = RunFilter.param("lr").lt(0.01).and(RunFilter.tag("team").in("risk", "fraud"))
                .or(RunFilter.metric("val_auc").ge(0.95));
        assertThat(RunFilterParser.parse(api.toString()).toString()).isEqualTo(api.toString());
    }

    @Test
    void andBindsTighterThanOrAndParenthesesGroup() {
        assertThat(RunFilterParser.parse("metric.a > 1 or metric.b < 2 and not status = FAILED").toString())
                .isEqualTo("(metric.a > 1.0 OR (metric.b < 2.0 AND NOT status. = FAILED))"); // the API prints "status."
        assertThat(RunFilterParser.parse("NOT status. = FAILED").toString()).isEqualTo("NOT status. = FAILED");
        assertThat(RunFilterParser.parse("(metric.a > 1 OR metric.b < 2) AND param.x EXISTS").toString())
                .isEqualTo("((metric.a > 1.0 OR metric.b < 2.0) AND param.x EXISTS)");
        assertThat(RunFilterParser.parse("tag.team IN ('a b', c)").toString()).isEqualTo("tag.team IN [a b, c]");
        assertThat(RunFilterParser.parse("  ").toString()).isEqualTo("true");
    }

    @Test
    void badFiltersSayWhereAndWhatWasExpected() {
        assertThatThrownBy(() -> RunFilterParser.parse("metric.auc >> 1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Expected a value at position 13 of the filter, found '> 1'");
        assertThatThrownBy(() -> RunFilterParser.parse("auc > 1")).hasMessageStartingWith(
                "Expected a field: param.KEY, metric.KEY, tag.KEY or status at position 1");
        assertThatThrownBy(() -> RunFilterParser.parse("(metric.a > 1")).hasMessageStartingWith("Expected ')' at position 14");
        assertThatThrownBy(() -> RunFilterParser.parse("metric.a > 1 metric.b")).hasMessageStartingWith(
                "Expected AND, OR or the end of the filter at position 14");
        assertThatThrownBy(() -> RunFilterParser.parse("(".repeat(60) + "metric.a > 1")).hasMessageContaining("nested");
        assertThatThrownBy(() -> RunFilterParser.parse("x".repeat(2001))).hasMessage(
                "A filter is at most 2000 characters, found 2001");
    }
}
