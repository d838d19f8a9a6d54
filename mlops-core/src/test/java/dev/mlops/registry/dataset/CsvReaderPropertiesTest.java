package dev.mlops.registry.dataset;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.io.ByteArrayInputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever records are written in the dialect (quoted when they hold the separator, a quote, a line end or lead with
 * a quote; other fields quoted at random) with LF or CRLF line ends, an optional byte-order mark and blank lines
 * between records, reading gives back exactly the same fields, and line numbers that match the text.
 */
class CsvReaderPropertiesTest {
    @Provide
    Arbitrary<String> fields() {
        Arbitrary<String> tricky = Arbitraries.of("", " ", "a,b", "a;b", "\"", "say \"hi\"", "two\nlines", "cr\r\nlf",
                "lone\rcr", "NA", "naïve", "日本語", "\uFEFFbom", "\t", "1.5", "-0", "x|y");
        Arbitrary<String> random = Arbitraries.strings().withChars("ab,;|\"\r\n\t é€").ofMaxLength(8);
        return Arbitraries.oneOf(tricky, random);
    }

    @Property(tries = 400)
    void writtenRecordsReadBackExactly(@ForAll @Size(min = 1, max = 12) List<@Size(min = 1, max = 5) List<@From("fields") String>> records,
                                       @ForAll boolean crlf, @ForAll boolean bom, @ForAll boolean finalLineEnd,
                                       @ForAll @IntRange(min = 0, max = 3) int separatorChoice,
                                       @ForAll @IntRange(min = 0, max = 3) int blankEvery,
                                       @ForAll boolean bytes) {
        char sep = ",;\t|".charAt(separatorChoice);
        CsvDialect d = CsvDialect.standard().withSeparator(sep);
        String eol = crlf ? "\r\n" : "\n";
        StringBuilder text = new StringBuilder(bom ? "\uFEFF" : "");
        List<Long> lines = new ArrayList<>();
        long line = 1;
        for (int r = 0; r < records.size(); r++) {
            if (blankEvery > 0 && r % blankEvery == 0) {
                text.append(eol);
                line++;
            }
            lines.add(line);
            List<String> rec = records.get(r);
            for (int i = 0; i < rec.size(); i++) {
                String f = rec.get(i);
                if (i > 0) {
                    text.append(sep);
                }
                boolean firstOfRecord = i == 0 && r == 0;
                boolean mustQuote = f.indexOf(sep) >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0
                        || (f.indexOf('\r') >= 0) || (rec.size() == 1 && f.isEmpty()) // else a blank line
                        || (firstOfRecord && !bom && f.startsWith("\uFEFF"));
                if (mustQuote || (f.hashCode() & 3) == 0) {
                    text.append('"').append(f.replace("\"", "\"\"")).append('"');
                } else {
                    text.append(f);
                }
                line += f.chars().filter(c -> c == '\n').count();
            }
            if (r < records.size() - 1 || finalLineEnd) {
                text.append(eol);
            }
            line++;
        }
        Reader in = new StringReader(text.toString());
        List<List<String>> got = new ArrayList<>();
        List<Long> gotLines = new ArrayList<>();
        try (CsvReader reader = bytes
                ? d.reader(new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)), "p.csv")
                : d.reader(in, "p.csv")) {
            for (CsvRecord rec; (rec = reader.next()) != null; ) {
                got.add(rec.fields());
                gotLines.add(rec.line());
            }
        }
        assertThat(got).isEqualTo(records);
        assertThat(gotLines).isEqualTo(lines);
    }

    @Property(tries = 300)
    void aFieldIsMissingExactlyWhenItsStrippedTextIsEmptyOrAStandardSpelling(
            @ForAll @From("paddedSpellings") String field) {
        String core = field.strip().toLowerCase(java.util.Locale.ROOT);
        boolean expected = core.isEmpty() || List.of("na", "n/a", "nan", "null", "none").contains(core);
        assertThat(CsvDialect.standard().isMissing(field)).isEqualTo(expected);
    }

    @Provide
    Arbitrary<String> paddedSpellings() {
        Arbitrary<String> core = Arbitraries.oneOf(Arbitraries.of("NA", "na", "Na", "N/A", "n/a", "NaN", "nAn", "null",
                "Null", "None", "NONE", "N", "NAN!", "nul", "0", "-", ""), Arbitraries.strings().ofMaxLength(5));
        Arbitrary<String> pad = Arbitraries.of("", " ", "  ", "\t", " \t");
        return net.jqwik.api.Combinators.combine(pad, core, pad).as((a, b, c) -> a + b + c);
    }
}
