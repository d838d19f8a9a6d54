package dev.mlops.registry.dataset;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvDialectTest {
    private static List<List<String>> read(CsvDialect d, String csv) {
        List<List<String>> out = new ArrayList<>();
        try (CsvReader in = d.reader(new StringReader(csv), "t.csv")) {
            for (CsvRecord r; (r = in.next()) != null; ) {
                out.add(r.fields());
            }
        }
        return out;
    }

    @Test
    void quotedFieldsKeepSeparatorsDoubledQuotesAndLineEnds() {
        assertThat(read(CsvDialect.standard(), "a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n\"two\r\nlines\",2\n"))
                .containsExactly(List.of("a", "b"), List.of("x, y", "say \"hi\""), List.of("two\r\nlines", "2"));
    }

    @Test
    void aByteOrderMarkBlankLinesAndAMissingLastLineEndAreHandled() {
        try (CsvReader in = CsvDialect.standard().reader(new StringReader("\uFEFFa,b\n\n\r\n1,\n\n2,3"), "t.csv")) {
            CsvRecord h = in.next();
            assertThat(h.fields()).containsExactly("a", "b");
            CsvRecord r1 = in.next();
            assertThat(r1.fields()).containsExactly("1", "");
            assertThat(r1.line()).isEqualTo(4);
            CsvRecord r2 = in.next();
            assertThat(r2.fields()).containsExactly("2", "3");
            assertThat(r2.line()).isEqualTo(6);
            assertThat(in.next()).isNull();
        }
    }

    @Test
    void aCarriageReturnNotBeforeALineFeedIsData() {
        assertThat(read(CsvDialect.standard(), "a\rb,c\n")).containsExactly(List.of("a\rb", "c"));
    }

    @Test
    void emptyAndQuotedEmptyFieldsAreToldApart() {
        try (CsvReader in = CsvDialect.standard().reader(new StringReader(",\"\"\n"), "t.csv")) {
            CsvRecord r = in.next();
            assertThat(r.fields()).containsExactly("", "");
            assertThat(r.isQuoted(0)).isFalse();
            assertThat(r.isQuoted(1)).isTrue();
        }
    }

    @Test
    void missingValuesAreEmptyOrTheStandardSpellingsIgnoringCaseAndSpaces() {
        CsvDialect d = CsvDialect.standard();
        for (String m : new String[]{null, "", "  ", "NA", "na", " N/A ", "n/a", "NaN", "nan", "NAN", "null", "NULL",
                "None", "none", "\tNA"}) {
            assertThat(d.isMissing(m)).as("'%s'", m).isTrue();
        }
        for (String v : new String[]{"0", "-", "N", "NAs", "nil", "inf", "-nan", "Nonexistent", "x"}) {
            assertThat(d.isMissing(v)).as("'%s'", v).isFalse();
        }
        assertThat(d.missingValues()).containsExactly("na", "n/a", "nan", "null", "none");
    }

    @Test
    void theMissingSpellingsAndTheSeparatorAreConfigurable() {
        CsvDialect onlyEmpty = CsvDialect.standard().withMissingValues();
        assertThat(onlyEmpty.isMissing("NA")).isFalse();
        assertThat(onlyEmpty.isMissing(" ")).isTrue();
        CsvDialect sentinel = CsvDialect.standard().withMissingValues("-999", "?");
        assertThat(sentinel.isMissing(" -999")).isTrue();
        assertThat(sentinel.isMissing("?")).isTrue();
        assertThat(sentinel.isMissing("NaN")).isFalse();
        CsvDialect semi = CsvDialect.standard().withSeparator(';');
        assertThat(semi.separator()).isEqualTo(';');
        assertThat(read(semi, "a;b\n\"1;2\";3,5\n")).containsExactly(List.of("a", "b"), List.of("1;2", "3,5"));
        assertThat(CsvDialect.standard().withSeparator(',')).isSameAs(CsvDialect.standard());
        assertThat(semi).isEqualTo(CsvDialect.standard().withSeparator(';')).isNotEqualTo(CsvDialect.standard());
        assertThat(CsvDialect.standard().missingValues()).hasSize(5); // the standard dialect is not changed
        assertThatThrownBy(() -> CsvDialect.standard().withSeparator('"'))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be '\"'");
        assertThatThrownBy(() -> CsvDialect.standard().withMissingValues("a,b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a,b'");
        assertThatThrownBy(() -> CsvDialect.standard().withMissingValues(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be blank");
        assertThatThrownBy(() -> CsvDialect.standard().withMissingValues((String) null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void malformedTextNamesLineColumnAndWhatWasExpected() {
        assertThatThrownBy(() -> read(CsvDialect.standard(), "a,b\n1,x\"y\n"))
                .isInstanceOf(CsvFormatException.class)
                .hasMessage("t.csv:2:4: expected the separator ',' or a line end, found '\"' inside an unquoted"
                        + " field; quote the whole field and double the quotes inside it")
                .satisfies(e -> {
                    CsvFormatException f = (CsvFormatException) e;
                    assertThat(f.line()).isEqualTo(2);
                    assertThat(f.column()).isEqualTo(4);
                    assertThat(f.source()).isEqualTo("t.csv");
                });
        assertThatThrownBy(() -> read(CsvDialect.standard(), "a\n\"ab\"c\n"))
                .isInstanceOf(CsvFormatException.class)
                .hasMessage("t.csv:2:5: expected the separator ',' or a line end after a closing quote, found 'c';"
                        + " quote the whole field and double the quotes inside it");
        assertThatThrownBy(() -> read(CsvDialect.standard(), "a,b\n1,\"open\n2,3\n"))
                .isInstanceOf(CsvFormatException.class)
                .hasMessageStartingWith("t.csv:2:3: unterminated quoted field: the quote opened here is not closed before the end of the input");
    }

    @Test
    void bytesThatAreNotUtf8AreAnErrorNamingTheLine() {
        byte[] bytes = {'a', '\n', 'b', (byte) 0xC3, '\n'};
        assertThatThrownBy(() -> {
            try (CsvReader in = CsvDialect.standard().reader(new ByteArrayInputStream(bytes), "latin1.csv")) {
                while (in.next() != null) {
                    // read all
                }
            }
        }).isInstanceOf(CsvFormatException.class).hasMessageContaining("latin1.csv:").hasMessageContaining("not UTF-8");
    }

    @Test
    void toStringShowsTheRules() {
        assertThat(CsvDialect.standard()).hasToString("CsvDialect[separator=',', missing=\"\", na, n/a, nan, null, none]");
    }
}
