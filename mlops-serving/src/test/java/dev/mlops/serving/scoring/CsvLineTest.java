package dev.mlops.serving.scoring;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The batch scorer's CSV line splitting: the unquoted fast path and the quoted path. */
class CsvLineTest {
    @Property(tries = 300)
    void unquotedFieldsSplitBackToThemselves(
            @ForAll @Size(min = 1, max = 12) List<@StringLength(max = 8) @CharRange(from = ' ', to = '+') @CharRange(from = '-', to = '~') String> fields) {
        List<String> clean = fields.stream().map(f -> f.replace("\"", "")).toList();
        assertThat(Rows.parseLine(String.join(",", clean), 2)).isEqualTo(clean);
    }

    @Test
    void quotedFieldsMayHoldCommasAndQuotesAndCarriageReturnsAreDropped() {
        assertThat(Rows.parseLine("1,\"a, \"\"b\"\"\",,3\r", 2)).containsExactly("1", "a, \"b\"", "", "3");
        assertThat(Rows.parseLine("1.5,,x", 2)).containsExactly("1.5", "", "x");
        assertThatThrownBy(() -> Rows.parseLine("1,\"open", 7))
                .hasMessage("line 7 has an unterminated quoted field (fields cannot span lines)");
    }
}
