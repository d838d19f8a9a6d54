package dev.mlops.registry.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CsvSnifferTest {
    @Test
    void missingValuesFollowTheStandardDialect(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("d.csv"),
                "\uFEFFid,x,note\r\n1,NA,\"a, b\"\r\n2,n/a,\"two\nlines\"\r\n\r\n3,None,null\r\n4,2.5,\"\"\r\n", StandardCharsets.UTF_8);
        Docs.CsvDoc doc = CsvSniffer.sniff(f).orElseThrow();
        assertThat(doc.rowCount()).isEqualTo(4);
        assertThat(doc.columns()).containsExactly(
                new Docs.CsvColumnDoc("id", "integer", 0),
                new Docs.CsvColumnDoc("x", "number", 3),
                new Docs.CsvColumnDoc("note", "string", 2));
    }

    @Test
    void textThatIsNotCsvInTheDialectHasNoSchema(@TempDir Path dir) throws Exception {
        assertThat(CsvSniffer.sniff(Files.writeString(dir.resolve("q.csv"), "a,b\n1,\"open\n"))).isEmpty();
        assertThat(CsvSniffer.sniff(Files.write(dir.resolve("l.csv"), new byte[]{'a', '\n', (byte) 0xE9, '\n'}))).isEmpty();
        assertThat(CsvSniffer.sniff(Files.writeString(dir.resolve("e.csv"), "\n\n"))).isEmpty();
    }
}
