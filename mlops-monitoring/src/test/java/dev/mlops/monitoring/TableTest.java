package dev.mlops.monitoring;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableTest {
    @Test
    void quotedFieldsKeepCommasQuotesAndNewlines() {
        Table t = Table.readCsv("a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",2\r\n", "q.csv");
        assertThat(t.rowCount()).isEqualTo(2);
        assertThat(t.text("a")).containsExactly("x, y", "two\nlines");
        assertThat(t.text("b")).containsExactly("say \"hi\"", "2");
    }

    @Test
    void emptyCellsAndNanSpellingsAreMissingButAQuotedEmptyStringIsText() {
        Table t = Table.readCsv("n,s\n,\"\"\nNaN,x\nnan,\ninf,y\n-Infinity,z\n", "m.csv");
        double[] n = t.numbers("n");
        assertThat(n[0]).isNaN();
        assertThat(n[1]).isNaN();
        assertThat(n[2]).isNaN();
        assertThat(n[3]).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(n[4]).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(t.text("s")).containsExactly("", "x", null, "y", "z");
        assertThat(t.isNumeric("s")).isFalse();
        assertThat(t.numbers("s")).isNull();
    }

    @Test
    void malformedFilesNameTheLine() {
        assertThatThrownBy(() -> Table.readCsv("a,b\n1,2\n3\n", "bad.csv"))
                .isInstanceOf(DataFormatException.class).hasMessage("bad.csv:3: expected 2 fields as in the header, found 1");
        assertThatThrownBy(() -> Table.readCsv("a\n\"open\n", "open.csv"))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("unterminated quoted field");
        assertThatThrownBy(() -> Table.readCsv("", "empty.csv"))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("empty file");
        assertThatThrownBy(() -> Table.readCsv("a,a\n1,2\n", "dup.csv"))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("duplicate column name 'a'");
    }

    @Test
    void aFileWithoutTrailingNewlineKeepsItsLastRow() {
        Table t = Table.readCsv("a,b\n1,2\n3,4", "t.csv");
        assertThat(t.numbers("b")).containsExactly(2, 4);
    }

    @Test
    void itReadsTheLibrarysOneDialect() {
        // a byte-order mark, CRLF, blank lines, a field over two lines: the error names the record's real line
        Table t = Table.readCsv("\uFEFFa,b\r\n\r\n\"1\n2\",NA\r\n3,None\r\n", "d.csv");
        assertThat(t.columns()).containsExactly("a", "b");
        assertThat(t.text("a")).containsExactly("1\n2", "3");
        assertThat(t.numbers("b")).containsExactly(Double.NaN, Double.NaN);
        assertThat(Table.isMissing(" n/a ")).isTrue();
        assertThat(Table.isMissing("0")).isFalse();
        assertThatThrownBy(() -> Table.readCsv("a,b\n\"1\n2\",3\n4\n", "lines.csv"))
                .isInstanceOf(DataFormatException.class).hasMessage("lines.csv:4: expected 2 fields as in the header, found 1");
        assertThatThrownBy(() -> Table.readCsv("a,b\n1,x\"y\n", "q.csv"))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith("q.csv:2: column 4: expected the separator ',' or a line end, found '\"'");
        assertThatThrownBy(() -> Table.readCsv(new java.io.ByteArrayInputStream(new byte[]{'a', '\n', (byte) 0xE9, '\n'}), "l.csv"))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("not UTF-8");
    }
}
