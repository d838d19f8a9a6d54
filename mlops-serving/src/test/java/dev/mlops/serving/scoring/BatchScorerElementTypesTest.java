package dev.mlops.serving.scoring;

import dev.mlops.serving.ElementType;
import dev.mlops.serving.InvalidInputException;
import dev.mlops.serving.LoadedModel;
import dev.mlops.serving.Models;
import dev.mlops.serving.OnnxModelWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The byte path converts every element type as the general conversion does (Identity models echo the parsed value):
 * float32, float64, int32, int64 on the fast path, other types and unusual spellings through the general one; inputs
 * named after columns, several at once.
 */
class BatchScorerElementTypesTest {
    @TempDir
    Path dir;

    /** Scores {@code csv} with an Identity model x -> y of {@code type} and shape [n]; returns the y column. */
    private List<String> echo(ElementType type, String csv) throws Exception {
        Path in = Files.writeString(dir.resolve("in.csv"), csv);
        Path out = dir.resolve("out.csv");
        try (LoadedModel model = Models.load(OnnxModelWriter.identity(type, "n"))) {
            BatchScorer.builder(model).chunkRows(2).threads(2).keepInputColumns(false).build().scoreCsv(in, out);
        }
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo("y");
        return lines.subList(1, lines.size());
    }

    @Test
    void float32ValuesConvertAsFloatParseFloatWhateverTheirSpelling() throws Exception {
        assertThat(echo(ElementType.FLOAT, "id,x\na,1.5\nb,-0.25\nc, 2.5 \nd,1e3\ne,inf\ng,\"3.25\"\nh,16777217\n"))
                .containsExactly("1.5", "-0.25", "2.5", "1000.0", "Infinity", "3.25", "1.6777216E7");
        // NaN is a missing value in the library's CSV dialect (as for data checks, statistics and the registry's
        // schema), and numeric inputs reject missing values, as they reject an empty field
        assertThatThrownBy(() -> echo(ElementType.FLOAT, "id,x\na,1.5\nf,NaN\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("line 3, column 'x': missing value (null) is not a number (expected float32)");
    }

    @Test
    void theMissingValueSpellingsAreConfigurable() throws Exception {
        Path in = Files.writeString(dir.resolve("nan.csv"), "id,x\na,1.5\nf,NaN\ng,nan\nh,-999\n");
        try (LoadedModel model = Models.load(OnnxModelWriter.identity(ElementType.FLOAT, "n"))) {
            // NaN is a number again when it is not a missing-value spelling
            BatchScorer.builder(model).keepInputColumns(false).missingValues("NA", "N/A", "null", "None").build()
                    .scoreCsv(in, dir.resolve("o1.csv"));
            assertThat(Files.readAllLines(dir.resolve("o1.csv"))).containsExactly("y", "1.5", "NaN", "NaN", "-999.0");
            // a sentinel that is a number is missing too (the byte path's fast parsing steps aside)
            assertThatThrownBy(() -> BatchScorer.builder(model).missingValues("-999").build()
                    .scoreCsv(in, dir.resolve("o2.csv")))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("line 5, column 'x': missing value (null) is not a number (expected float32)");
            assertThatThrownBy(() -> BatchScorer.builder(model).missingValues("a,b"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a,b'");
        }
    }

    @Test
    void float64ValuesKeepTheirDoublePrecision() throws Exception {
        assertThat(echo(ElementType.DOUBLE, "x,note\n0.1,é\n-1e-300,\"a,b\"\n123456789.123456789,x\n-inf,y\n"))
                .containsExactly("0.1", "-1.0E-300", "1.2345678912345679E8", "-Infinity");
    }

    @Test
    void integersAcceptIntegralSpellingsAndRejectFractionsAndOverflow() throws Exception {
        assertThat(echo(ElementType.INT64, "x\n1\n-9223372036854775808\n3.0\n1e2\n+7\n"))
                .containsExactly("1", "-9223372036854775808", "3", "100", "7");
        assertThat(echo(ElementType.INT32, "x\n2147483647\n-5\n 6\n")).containsExactly("2147483647", "-5", "6");
        assertThatThrownBy(() -> echo(ElementType.INT32, "x\n1\n2\n2147483648\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("line 4, column 'x': 2147483648 is out of range for int32 [-2147483648, 2147483647]");
        assertThatThrownBy(() -> echo(ElementType.INT64, "x\n1\n2.5\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("line 3, column 'x': '2.5' is not an integer (expected int64)");
    }

    @Test
    void booleansGoThroughTheGeneralConversion() throws Exception {
        assertThat(echo(ElementType.BOOL, "x\ntrue\n0\nFALSE\n1\n")).containsExactly("true", "false", "false", "true");
        assertThatThrownBy(() -> echo(ElementType.BOOL, "x\ntrue\nmaybe\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("line 3, column 'x': 'maybe' is not a boolean (expected true/false)");
    }
}
