package dev.mlops.monitoring.checks;

import dev.mlops.monitoring.DataFormatException;
import dev.mlops.monitoring.Table;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckSuiteTest {
    private static Path data(String name) {
        try {
            return Path.of(CheckSuiteTest.class.getResource("/data/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final String CSV = """
            id,age,color,score
            1,34,red,0.5
            2,,blue,0.7
            3,150,green,NaN
            3,41,"red",0.9
            5,28,purple,"1,5"
            """;

    @Test
    void aFluentSuiteReportsEachCheckWithOffendersAndPercentPassed() {
        Table t = Table.readCsv(CSV, "inline.csv");
        CheckReport r = CheckSuite.builder()
                .columnPresent("id")
                .columnPresent("height")
                .type("age", ColumnType.INTEGER)
                .range("age", 0, 120)
                .allowedValues("color", Set.of("red", "blue", "green"))
                .maxMissingShare("age", 0.1)
                .unique("id")
                .rowCount(1, 1000)
                .type("score", ColumnType.NUMBER)
                .custom("score below one", row -> !(row.number("score") >= 1))
                .build().run(t);
        assertThat(r.rows()).isEqualTo(5);
        assertThat(r.total()).isEqualTo(10);
        assertThat(r.checks()).extracting(CheckResult::passed)
                .containsExactly(true, false, true, false, false, false, false, true, false, true);
        assertThat(r.passedCount()).isEqualTo(4);
        assertThat(r.percentPassed()).isEqualTo(40.0);
        assertThat(r.passed()).isFalse();
        CheckResult range = r.checks().get(3);
        assertThat(range.offendingCount()).isEqualTo(1);
        assertThat(range.examples()).containsExactly("row 3: \"150\"");
        assertThat(r.checks().get(4).examples()).containsExactly("row 5: \"purple\"");
        assertThat(r.checks().get(5).offendingCount()).isEqualTo(1); // 1 of 5 missing = 0.2 > 0.1
        assertThat(r.checks().get(6).examples()).containsExactly("row 4: \"3\"");
        assertThat(r.checks().get(8).examples()).containsExactly("row 5: \"1,5\"");
        assertThat(r.checks().get(1).message()).contains("column 'height' is missing");
        assertThat(r.toJson()).contains("\"percent_passed\" : 40.0").contains("\"offending_count\" : 1");
        assertThat(r.toText()).contains("FAIL  range(age, 0, 120)").contains("4 of 10 checks passed (40.0%)");
    }

    @Test
    void anInferredSchemaPassesItsOwnDataAndSurvivesAJsonRoundTrip() {
        Table iris = Table.readCsv(data("iris.csv"));
        Schema s = Schema.infer(iris);
        Schema back = Schema.fromJson(s.toJson(), "schema.json");
        assertThat(back).isEqualTo(s);
        CheckReport r = back.toSuite().run(iris);
        assertThat(r.percentPassed()).isEqualTo(100.0);
        Schema.ColumnSpec target = s.columns().get(4);
        assertThat(target.type()).isEqualTo("integer"); // iris targets are written as 0, 1, 2
        assertThat(target.unique()).isNull(); // repeated values: no uniqueness check inferred
        Schema.ColumnSpec width = s.columns().get(1);
        assertThat(width.min()).isEqualTo(2.0);
        assertThat(width.max()).isEqualTo(4.4);
    }

    @Test
    void co2MissingValuesAreMeasuredByTheInferredMissingShare() {
        Table co2 = Table.readCsv(data("co2.csv"));
        Schema s = Schema.infer(co2);
        Schema.ColumnSpec c = s.columns().get(1);
        assertThat(c.name()).isEqualTo("co2");
        // python: np.isnan(co2).sum() / len(co2) -> 59 / 2284 = 0.02583187390542907
        assertThat(c.maxMissingShare()).isEqualTo(0.025832);
        assertThat(s.toSuite().run(co2).passed()).isTrue();
        CheckReport strict = CheckSuite.builder().maxMissingShare("co2", 0.01).build().run(co2);
        assertThat(strict.checks().get(0).offendingCount()).isEqualTo(59);
    }

    @Test
    void rowsCanBeCheckedDirectly() {
        CheckReport r = CheckSuite.builder().range("x", 0, 1).columnPresent("y").build()
                .runRows(List.of(Map.of("x", 0.5), Map.of("x", 2, "y", "a")));
        assertThat(r.percentPassed()).isEqualTo(50.0);
        assertThat(r.checks().get(0).examples()).containsExactly("row 2: \"2\"");
    }

    @Test
    void schemaFilesWithTyposOrNewerVersionsAreRejected() {
        String ok = new Schema(1L, null, List.of()).toJson();
        assertThatThrownBy(() -> Schema.fromJson(ok.replace("\"format_version\" : 1", "\"format_version\" : 2"), "s.json"))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("unsupported format_version 2");
        String typo = "{\"format\":\"mlops-schema\",\"format_version\":1,\"columns\":[{\"name\":\"a\",\"mni\":1}]}";
        assertThatThrownBy(() -> Schema.fromJson(typo, "s.json"))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("s.json");
    }

    @Test
    void aThrowingCustomPredicateFailsItsCheckWithoutAbortingTheSuite() {
        CheckReport r = CheckSuite.builder()
                .custom("boom", row -> {
                    throw new IllegalStateException("bad");
                })
                .rowCount(0, 10)
                .build().runRows(List.of(Map.of("a", 1)));
        assertThat(r.checks().get(0).passed()).isFalse();
        assertThat(r.checks().get(0).message()).contains("IllegalStateException: bad");
        assertThat(r.checks().get(1).passed()).isTrue();
        assertThat(r.percentPassed()).isEqualTo(50.0);
    }
}
