package dev.mlops.serving.scoring;

import dev.mlops.registry.dataset.CsvDialect;
import dev.mlops.registry.dataset.CsvReader;
import dev.mlops.registry.dataset.CsvRecord;
import dev.mlops.serving.ElementType;
import dev.mlops.serving.InvalidInputException;
import dev.mlops.serving.internal.CsvChunkParser;
import dev.mlops.serving.internal.CsvChunkReader;
import dev.mlops.serving.internal.ElementConversion;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The byte path (block reader + chunk parser) gives exactly what the library's CSV dialect reader
 * ({@link CsvDialect#standard()}: records, fields, missing values) followed by the general conversion of each cell
 * gives, for random CSV: numbers in many spellings, quoted cells, missing-value spellings, text with commas, quotes,
 * line ends and non-ASCII, CRLF, a byte-order mark, blank lines, any chunk size; and the same error (naming line and
 * column) for the first bad or missing cell.
 */
class CsvBytePathTest {

    /** A numeric cell as it may appear in a CSV: plain, quoted, padded, with an exponent, odd but valid, or bad. */
    @Provide
    Arbitrary<String> numericCells() {
        Arbitrary<String> plain = Arbitraries.floats().between(-1e6f, 1e6f).map(f -> String.format(java.util.Locale.ROOT, "%.4f", f));
        Arbitrary<String> shortest = Arbitraries.floats().map(f -> Float.toString(f));
        Arbitrary<String> longDigits = Arbitraries.doubles().between(-1e3, 1e3).map(d -> Double.toString(d));
        Arbitrary<String> integers = Arbitraries.integers().map(i -> Integer.toString(i));
        Arbitrary<String> odd = Arbitraries.of("1e3", "-0", "0.0", "+2.5", " 3.5", "4.5 ", "inf", "-Infinity", "Infinity",
                "16777217", "1e-45", "3.4028236e38", ".5", "5.", "00012.50", "1E+2");
        Arbitrary<String> bad = Arbitraries.of("abc", "", "1.2.3", "1e", "--1", "ünf", "NA", " null ", "N/A", "None",
                "nan", "NaN");
        Arbitrary<String> plainOrOdd = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(24, plain), net.jqwik.api.Tuple.of(8, shortest),
                net.jqwik.api.Tuple.of(8, longDigits), net.jqwik.api.Tuple.of(4, integers),
                net.jqwik.api.Tuple.of(8, odd), net.jqwik.api.Tuple.of(1, bad));
        return Combinators.combine(plainOrOdd, Arbitraries.integers().between(0, 9))
                .as((v, q) -> q == 0 ? "\"" + v + "\"" : v);
    }

    @Provide
    Arbitrary<String> textCells() {
        return Arbitraries.of("", "plain", "naïve", "日本語", "a,b", "say \"hi\"", "x\ty", "€5", "comma, and \"quote\"",
                        "two\nlines", "crlf\r\ninside", "NA", "\"\"")
                .map(t -> t.contains(",") || t.contains("\"") || t.contains("\n") ? "\"" + t.replace("\"", "\"\"") + "\"" : t);
    }

    @Property(tries = 200)
    void theBytePathEqualsTheGeneralPath(@ForAll @IntRange(min = 1, max = 40) int rows,
                                         @ForAll @IntRange(min = 1, max = 9) int chunkRows,
                                         @ForAll boolean crlf, @ForAll boolean bom,
                                         @ForAll @IntRange(min = 0, max = 2) int missingChoice,
                                         @ForAll @Size(min = 3, max = 60) List<@From("numericCells") String> numbers,
                                         @ForAll @Size(min = 1, max = 20) List<@From("textCells") String> texts) throws Exception {
        // columns: a (feature), note (text), b (feature), c (feature); the model input takes a, b, c
        List<String> header = List.of("a", "note", "b", "c");
        StringBuilder csv = new StringBuilder(bom ? "\uFEFF" : "").append("a,note,b,c").append(crlf ? "\r\n" : "\n");
        List<String> lines = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        int line = 1;
        for (int r = 0; r < rows; r++) {
            String l = cell(numbers, 3 * r) + "," + cell(texts, r) + "," + cell(numbers, 3 * r + 1) + "," + cell(numbers, 3 * r + 2);
            line++;
            if (r % 7 == 6) {
                csv.append(crlf ? "\r\n" : "\n");
                line++;
            }
            csv.append(l).append(crlf ? "\r\n" : "\n");
            lines.add(l);
            lineNumbers.add(line);
            line += (int) l.chars().filter(ch -> ch == '\n').count(); // a quoted line end moves the next record down
        }
        CsvChunkParser.Target target = new CsvChunkParser.Target("x", ElementType.FLOAT, new int[]{0, 2, 3}, true, 2);
        // the standard spellings; NaN as a number; a spelling that is a number ("-0"), which turns the fast paths off
        CsvDialect dialect = switch (missingChoice) {
            case 0 -> CsvDialect.standard();
            case 1 -> CsvDialect.standard().withMissingValues("NA", "N/A", "null", "None");
            default -> CsvDialect.standard().withMissingValues("NA", "-0");
        };
        CsvChunkParser parser = new CsvChunkParser(header, List.of(target), "test.csv", Rows::parseLine, dialect);
        CsvChunkReader reader = new CsvChunkReader(new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)), chunkRows);
        assertThat(new String(reader.header(), StandardCharsets.UTF_8)).isEqualTo("a,note,b,c");

        // the dialect's reader over the whole text, then the general conversion of each cell
        List<Float> expected = new ArrayList<>();
        String expectedError = null;
        try (CsvReader records = dialect.reader(new StringReader(csv.toString()), "test.csv")) {
            assertThat(records.next().fields()).isEqualTo(header);
            for (CsvRecord rec; expectedError == null && (rec = records.next()) != null; ) {
                assertThat(rec.line()).isEqualTo((long) lineNumbers.get(expected.size() / 3));
                for (int c : new int[]{0, 2, 3}) {
                    String v = dialect.isMissing(rec.get(c)) ? null : rec.get(c);
                    long recLine = rec.line();
                    try {
                        float[] one = (float[]) ElementConversion.toCarrier(ElementType.FLOAT, java.util.Collections.singletonList(v),
                                i -> "line " + recLine + ", column '" + header.get(c) + "'");
                        expected.add(one[0]);
                    } catch (ElementConversion.ConversionException e) {
                        expectedError = e.getMessage();
                        break;
                    }
                }
            }
        }

        List<Float> got = new ArrayList<>();
        String error = null;
        try {
            for (CsvChunkReader.Chunk chunk; (chunk = reader.next()) != null; ) {
                for (float f : parser.parse(chunk).get("x").floatData()) {
                    got.add(f);
                }
            }
        } catch (InvalidInputException e) {
            error = e.getMessage();
        }
        assertThat(error).isEqualTo(expectedError);
        if (expectedError == null) {
            assertThat(got).hasSameSizeAs(expected);
            for (int i = 0; i < got.size(); i++) {
                assertThat(Float.floatToRawIntBits(got.get(i))).as("value %d", i)
                        .isEqualTo(Float.floatToRawIntBits(expected.get(i)));
            }
        }
    }

    private static String cell(List<String> pool, int i) {
        return pool.isEmpty() ? "1.5" : pool.get(i % pool.size());
    }
}
