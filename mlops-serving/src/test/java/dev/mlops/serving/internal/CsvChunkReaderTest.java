package dev.mlops.serving.internal;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The block reader cuts whole lines, skips a BOM and blank lines, drops \r before \n and counts lines. */
class CsvChunkReaderTest {

    /** Every line of every chunk as "lineNo:text". */
    private static List<String> lines(InputStream in, int chunkRows, List<Integer> chunkSizes) throws IOException {
        CsvChunkReader reader = new CsvChunkReader(in, chunkRows);
        List<String> out = new ArrayList<>();
        out.add("1:" + new String(reader.header(), StandardCharsets.UTF_8));
        for (CsvChunkReader.Chunk c; (c = reader.next()) != null; ) {
            chunkSizes.add(c.rows());
            for (int r = 0; r < c.rows(); r++) {
                out.add(c.line()[r] + ":" + new String(c.data(), c.start()[r], c.end()[r] - c.start()[r], StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static InputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A stream that returns at most one byte per read, to exercise every refill boundary. */
    private static InputStream trickle(String s) {
        return new FilterInputStream(bytes(s)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1));
            }
        };
    }

    @Test
    void skipsTheByteOrderMarkBlankLinesAndCarriageReturnsAndKeepsLineNumbers() throws IOException {
        String csv = "\uFEFFa,b\r\n1,2\r\n\r\n\n3,\"x\"\r\n4,ü\n\n";
        List<Integer> sizes = new ArrayList<>();
        assertThat(lines(bytes(csv), 2, sizes)).containsExactly("1:a,b", "2:1,2", "5:3,\"x\"", "6:4,ü");
        assertThat(sizes).containsExactly(2, 1);
        List<Integer> trickled = new ArrayList<>();
        assertThat(lines(trickle(csv), 2, trickled)).containsExactly("1:a,b", "2:1,2", "5:3,\"x\"", "6:4,ü");
    }

    @Test
    void aQuotedFieldMaySpanLinesAsInTheDialectAndLineNumbersCountItsLineEnds() throws IOException {
        String csv = "\n\"a\nb\",c\r\n1,\"two\r\nlines, \"\"quoted\"\"\"\r\n2,\"\"\n\n3,\"x\ny\nz\"\n4,5";
        List<String> expected = List.of("1:\"a\nb\",c", "4:1,\"two\r\nlines, \"\"quoted\"\"\"", "6:2,\"\"",
                "8:3,\"x\ny\nz\"", "11:4,5");
        List<Integer> sizes = new ArrayList<>();
        List<String> got = lines(bytes(csv), 2, sizes);
        // the header's own line is reported as 1 by lines(); the records after it carry their first line
        assertThat(got).containsExactlyElementsOf(expected);
        assertThat(sizes).containsExactly(2, 2);
        assertThat(lines(trickle(csv), 3, new ArrayList<>())).containsExactlyElementsOf(expected);
    }

    @Test
    void aQuoteLeftOpenTakesTheRestOfTheInputAsOneRecord() throws IOException {
        assertThat(lines(bytes("h\n1\n\"open\n2\n"), 5, new ArrayList<>())).containsExactly("1:h", "2:1", "3:\"open\n2\n");
    }

    @Test
    void theLastLineMayLackALineEndAndAnEmptyStreamHasNoHeader() throws IOException {
        List<Integer> sizes = new ArrayList<>();
        assertThat(lines(bytes("h\n1\n2"), 10, sizes)).containsExactly("1:h", "2:1", "3:2");
        assertThat(sizes).containsExactly(2);
        assertThat(new CsvChunkReader(bytes(""), 10).header()).isNull();
        CsvChunkReader headerOnly = new CsvChunkReader(bytes("a,b\n"), 10);
        assertThat(headerOnly.header()).containsExactly('a', ',', 'b');
        assertThat(headerOnly.next()).isNull();
        assertThat(headerOnly.consumed()).isEqualTo(4);
    }

    @Test
    void aLineLongerThanTheBufferGrowsIt() throws IOException {
        String longField = "x".repeat(3 << 20);
        List<Integer> sizes = new ArrayList<>();
        List<String> got = lines(bytes("h\n1\n" + longField + "\n2\n"), 2, sizes);
        assertThat(got).hasSize(4);
        assertThat(got.get(2)).isEqualTo("3:" + longField);
        assertThat(got.get(3)).isEqualTo("4:2");
        assertThat(sizes).containsExactly(2, 1);
    }

    @Property(tries = 100)
    void chunksHoldEveryNonBlankLineInOrderWhateverTheChunkSizeAndReadSize(
            @ForAll @IntRange(min = 0, max = 60) int rows, @ForAll @IntRange(min = 1, max = 7) int chunkRows,
            @ForAll boolean crlf, @ForAll boolean trickle) throws IOException {
        StringBuilder csv = new StringBuilder("h" + (crlf ? "\r\n" : "\n"));
        List<String> expected = new ArrayList<>(List.of("1:h"));
        int line = 1;
        for (int r = 0; r < rows; r++) {
            line++;
            if (r % 5 == 3) {
                csv.append(crlf ? "\r\n" : "\n"); // a blank line
                line++;
            }
            csv.append("v").append(r).append(",é").append(crlf ? "\r\n" : "\n");
            expected.add(line + ":v" + r + ",é");
        }
        List<Integer> sizes = new ArrayList<>();
        long total = csv.toString().getBytes(StandardCharsets.UTF_8).length;
        InputStream in = trickle ? trickle(csv.toString()) : bytes(csv.toString());
        CsvChunkReader reader = new CsvChunkReader(in, chunkRows);
        List<String> got = new ArrayList<>();
        got.add("1:" + new String(reader.header(), StandardCharsets.UTF_8));
        long lastEnd = 0;
        for (CsvChunkReader.Chunk c; (c = reader.next()) != null; ) {
            sizes.add(c.rows());
            assertThat(c.endOffset()).isGreaterThan(lastEnd);
            lastEnd = c.endOffset();
            for (int r = 0; r < c.rows(); r++) {
                got.add(c.line()[r] + ":" + new String(c.data(), c.start()[r], c.end()[r] - c.start()[r], StandardCharsets.UTF_8));
            }
        }
        assertThat(got).isEqualTo(expected);
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(rows);
        assertThat(sizes).allMatch(n -> n == chunkRows || n == sizes.get(sizes.size() - 1));
        assertThat(reader.consumed()).isEqualTo(total);
    }
}
