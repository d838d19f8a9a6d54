package dev.mlops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@code mlops drift} and {@code mlops check} through {@link MlopsCli#run}, with stdout and stderr captured. */
class MonitoringCommandsTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @TempDir
    Path dir;

    @BeforeEach
    void capture() {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(MonitoringCommandsTest.class.getResource("/data/" + name).toURI());
    }

    /** Writes the macrodata rows of years [from, to) with an extra categorical "decade" column. */
    private Path macroSlice(String file, double from, double to, String decade) throws Exception {
        List<String> lines = Files.readAllLines(resource("macrodata.csv"));
        List<String> outLines = new ArrayList<>();
        outLines.add(lines.get(0) + ",decade");
        for (String l : lines.subList(1, lines.size())) {
            double year = Double.parseDouble(l.substring(0, l.indexOf(',')));
            if (year >= from && year < to) {
                outLines.add(l + "," + decade);
            }
        }
        Path p = dir.resolve(file);
        Files.write(p, outLines);
        return p;
    }

    @Test
    void driftJsonHasTheContractFieldsAndScipysNumbersAndExitsOneOnDrift() throws Exception {
        Path ref = macroSlice("ref.csv", 1960, 1970, "sixties");
        Path cur = macroSlice("cur.csv", 2000, 2010, "noughties");
        int code = MlopsCli.run("drift", "--reference", ref.toString(), "--current", cur.toString(),
                "--columns", "infl,unemp,decade", "--json");
        assertThat(stderr()).isEmpty();
        assertThat(code).isEqualTo(1);
        JsonNode doc = new ObjectMapper().readTree(stdout());
        JsonNode features = doc.get("features");
        assertThat(features).hasSize(3);
        JsonNode infl = features.get(0);
        for (String field : List.of("name", "kind", "psi", "ks_statistic", "ks_pvalue", "wasserstein",
                "wasserstein_normed", "js_distance", "chi2_statistic", "chi2_pvalue", "drifted", "missing_reference",
                "missing_current")) {
            assertThat(infl.has(field)).as(field).isTrue();
        }
        assertThat(infl.get("name").asText()).isEqualTo("infl");
        assertThat(infl.get("kind").asText()).isEqualTo("numeric");
        // scipy/numpy literals: see DriftStatisticsAgainstScipyTest in mlops-monitoring
        assertThat(infl.get("psi").asDouble()).isCloseTo(1.7372428435350216, within(1e-12));
        assertThat(infl.get("ks_pvalue").asDouble()).isCloseTo(0.26568714028172896, within(1e-12));
        assertThat(infl.get("wasserstein").asDouble()).isCloseTo(0.9824423076923077, within(1e-12));
        assertThat(infl.get("chi2_statistic").isNull()).isTrue();
        assertThat(infl.get("drifted").asBoolean()).isFalse();
        JsonNode decade = features.get(2);
        assertThat(decade.get("kind").asText()).isEqualTo("categorical");
        assertThat(decade.get("ks_statistic").isNull()).isTrue();
        assertThat(decade.get("wasserstein").isNull()).isTrue();
        // stats.chi2_contingency([[40, 0], [0, 39]], correction=False) -> (78.99999999999999, 6.210993425425219e-19)
        assertThat(decade.get("chi2_statistic").asDouble()).isCloseTo(79.0, within(1e-9));
        assertThat(decade.get("chi2_pvalue").asDouble()).isCloseTo(6.210993425425219e-19, within(1e-27));
        assertThat(doc.get("drifted_features")).extracting(JsonNode::asText).containsExactly("unemp", "decade");
    }

    @Test
    void driftOfAFileAgainstItselfExitsZeroWithATextTable() throws Exception {
        Path ref = macroSlice("ref.csv", 1960, 1970, "sixties");
        int code = MlopsCli.run("drift", "--reference", ref.toString(), "--current", ref.toString());
        assertThat(code).isZero();
        assertThat(stdout()).contains("realgdp").contains("No drift.");
    }

    @Test
    void driftWithAMissingFileOrColumnExitsTwoWithOneLine() throws Exception {
        Path ref = macroSlice("ref.csv", 1960, 1970, "sixties");
        int code = MlopsCli.run("drift", "--reference", ref.toString(), "--current", dir.resolve("nope.csv").toString());
        assertThat(code).isEqualTo(2);
        assertThat(stderr()).contains("nope.csv").contains("not found");
        assertThat(stderr().strip().lines()).hasSize(1);
        err.reset();
        code = MlopsCli.run("drift", "--reference", ref.toString(), "--current", ref.toString(), "--columns", "zzz");
        assertThat(code).isEqualTo(2);
        assertThat(stderr()).contains("column 'zzz'");
    }

    @Test
    void checkInferThenCheckPassesAndABrokenFileFails() throws Exception {
        Path iris = resource("iris.csv");
        assertThat(MlopsCli.run("check", "--infer", "--data", iris.toString())).isZero();
        Path schema = dir.resolve("schema.json");
        Files.writeString(schema, stdout());
        assertThat(stdout()).contains("\"format\" : \"mlops-schema\"");
        out.reset();
        assertThat(MlopsCli.run("check", "--schema", schema.toString(), "--data", iris.toString(), "--json")).isZero();
        JsonNode ok = new ObjectMapper().readTree(stdout());
        assertThat(ok.get("percent_passed").asDouble()).isEqualTo(100.0);
        out.reset();
        Path broken = dir.resolve("broken.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(iris));
        lines.set(1, "5.1,99.0,1.4,0.2,7");
        lines.set(2, "4.9,,1.4,0.2,0");
        Files.write(broken, lines);
        assertThat(MlopsCli.run("check", "--schema", schema.toString(), "--data", broken.toString(), "--json"))
                .isEqualTo(1);
        JsonNode bad = new ObjectMapper().readTree(stdout());
        assertThat(bad.get("percent_passed").asDouble()).isBetween(0.0, 99.9);
        assertThat(bad.get("failed_count").asInt()).isEqualTo(3); // width range, width missing share, target range
        out.reset();
        assertThat(MlopsCli.run("check", "--schema", schema.toString(), "--data", broken.toString())).isEqualTo(1);
        assertThat(stdout()).contains("FAIL  range(sepal width (cm), 2, 4.4)").contains("checks passed");
    }

    @Test
    void checkNeedsExactlyOneOfSchemaOrInfer() throws IOException {
        Path f = dir.resolve("d.csv");
        Files.writeString(f, "a\n1\n");
        assertThat(MlopsCli.run("check", "--data", f.toString())).isEqualTo(2);
        assertThat(stderr()).contains("--schema");
    }

    @Test
    void checkRunsOnARegistryDataSetVersion() throws Exception {
        Path iris = resource("iris.csv");
        String store = "file:" + dir.resolve("store");
        assertThat(MlopsCli.run("registry", "--store", store, "dataset", "add", "iris", iris.toString())).isZero();
        out.reset();
        assertThat(MlopsCli.run("check", "--infer", "--dataset", "iris:1", "--store", store)).isZero();
        Path schema = dir.resolve("schema.json");
        Files.writeString(schema, stdout());
        out.reset();
        assertThat(MlopsCli.run("check", "--schema", schema.toString(), "--dataset", "iris:1", "--store", store,
                "--json")).isZero();
        assertThat(new ObjectMapper().readTree(stdout()).get("percent_passed").asDouble()).isEqualTo(100.0);
        assertThat(MlopsCli.run("check", "--schema", schema.toString(), "--dataset", "iris", "--store", store))
                .isEqualTo(2);
        assertThat(stderr()).contains("NAME:VERSION");
    }
}
