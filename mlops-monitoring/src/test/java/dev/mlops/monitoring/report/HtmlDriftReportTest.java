package dev.mlops.monitoring.report;

import dev.mlops.monitoring.DriftAnalysis;
import dev.mlops.monitoring.DriftResult;
import dev.mlops.monitoring.ReferenceProfile;
import dev.mlops.monitoring.Table;
import dev.mlops.monitoring.checks.CheckReport;
import dev.mlops.monitoring.checks.CheckSuite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class HtmlDriftReportTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    static Table iris() {
        try {
            return Table.readCsv(Path.of(HtmlDriftReportTest.class.getResource("/data/iris.csv").toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rows [from, to) of every column. */
    static Table rows(Table t, int from, int to) {
        Map<String, String[]> cols = new LinkedHashMap<>();
        for (String c : t.columns()) {
            cols.put(c, Arrays.copyOfRange(t.text(c), from, to));
        }
        return Table.of(cols);
    }

    /**
     * Reference: all 150 iris rows. Current: the odd rows (all three species), with petal length raised by 1.5 cm and
     * class 0 relabelled 2, so petal length and target drift and the sepal features do not.
     */
    static final Table IRIS = iris();
    static final ReferenceProfile PROFILE = ReferenceProfile.fromTable(IRIS, List.of("target"), List.of());
    static final Table CURRENT = shifted();
    static final DriftResult SHIFTED = DriftAnalysis.compare(PROFILE, CURRENT);
    static final DriftResult SAME = DriftAnalysis.compare(PROFILE, IRIS);
    static final CheckReport CHECKS = CheckSuite.builder().columnPresent("petal length (cm)")
            .range("petal length (cm)", 0, 5).allowedValues("target", Set.of("1")).rowCount(10, 1000).build()
            .run(CURRENT);

    static Table shifted() {
        Map<String, String[]> cols = new LinkedHashMap<>();
        for (String c : IRIS.columns()) {
            String[] all = IRIS.text(c);
            String[] odd = new String[all.length / 2];
            for (int i = 0; i < odd.length; i++) {
                String v = all[2 * i + 1];
                if (c.equals("petal length (cm)")) {
                    v = Double.toString(Double.parseDouble(v) + 1.5);
                } else if (c.equals("target") && v.equals("0")) {
                    v = "2";
                }
                odd[i] = v;
            }
            cols.put(c, odd);
        }
        return Table.of(cols);
    }

    static HtmlDriftReport report() {
        return HtmlDriftReport.builder(PROFILE, SHIFTED).title("iris <classifier> v2").checks(CHECKS)
                .history(List.of(SAME, SHIFTED)).build();
    }

    @Test
    void driftedFeaturesComeFirstInTheTableAndTheCards() {
        assertThat(SHIFTED.driftedFeatures()).contains("petal length (cm)", "target")
                .doesNotContain("sepal length (cm)", "sepal width (cm)");
        List<String> stable = new ArrayList<>(PROFILE.featureNames());
        stable.removeAll(SHIFTED.driftedFeatures());
        assertThat(stable).isNotEmpty();
        String html = report().render();
        int lastDrifted = SHIFTED.driftedFeatures().stream()
                .mapToInt(f -> html.indexOf("data-feature=\"" + HtmlDriftReport.esc(f) + "\"")).max().orElseThrow();
        int firstStable = stable.stream()
                .mapToInt(f -> html.indexOf("data-feature=\"" + HtmlDriftReport.esc(f) + "\"")).min().orElseThrow();
        assertThat(lastDrifted).isPositive().isLessThan(firstStable);
        assertThat(html).contains("Drift detected in " + SHIFTED.driftedFeatures().size() + " of 5 features");
    }

    @Test
    void theReportShowsStatisticsThresholdsHistogramsAndCheckPercentage() {
        String html = report().render();
        // every feature has a card with an SVG histogram: reference and current bars
        for (String f : PROFILE.featureNames()) {
            assertThat(html).contains("aria-label=\"" + HtmlDriftReport.esc(f) + ": reference vs current\"");
        }
        // petal length: 10 PSI bins, two bars each
        assertThat(html).contains("<title>reference ").contains("<title>current ");
        assertThat(html).contains("PSI " + HtmlDriftReport.num(SHIFTED.feature("petal length (cm)").psi())
                + " (threshold " + HtmlDriftReport.num(SHIFTED.feature("petal length (cm)").psiThreshold()) + ")");
        // 2 of 4 checks pass: the range (values above 5) and allowed values fail
        assertThat(CHECKS.percentPassed()).isEqualTo(50.0);
        assertThat(html).contains("<strong>50.0% passed</strong> (2 of 4 checks");
        // the window series and the escaped title
        assertThat(html).contains("<table class=\"history\"").contains("<title>iris &lt;classifier&gt; v2</title>");
    }

    @Test
    void theFileIsSelfContained() {
        String html = report().render();
        assertThat(html).doesNotContain("<script").doesNotContain("<link").doesNotContain("src=")
                .doesNotContain("url(").doesNotContain("@import");
        assertThat(html.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http:").doesNotContain("https:");
    }

    @Test
    void aResultWithoutStateShowsStatisticsOnly() {
        DriftResult noState = new DriftResult(SHIFTED.window(), null, null, SHIFTED.rows(), SHIFTED.features(),
                SHIFTED.driftedFeatures(), SHIFTED.inputDrift(), SHIFTED.outputDrift(), SHIFTED.correction(), null);
        String html = HtmlDriftReport.of(PROFILE, noState).render();
        assertThat(html).contains("The current window's distribution is not available").doesNotContain("<title>current ");
    }

    @Test
    void aProfileWithoutTheResultsFeaturesIsRefused() {
        ReferenceProfile other = ReferenceProfile.builder().numeric("z", new double[]{1, 2, 3}).build();
        assertThatThrownBy(() -> HtmlDriftReport.of(other, SHIFTED)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sepal length (cm)");
    }

    @Test
    void theShareAxisEndsAtFourRoundTicks() {
        assertThat(HtmlDriftReport.axisMax(0.11)).isCloseTo(0.2, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(HtmlDriftReport.axisMax(0.49)).isCloseTo(0.6, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(HtmlDriftReport.axisMax(0.03)).isCloseTo(0.04, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(HtmlDriftReport.axisMax(0.9)).isEqualTo(1.0);
    }

    @Test
    void numbersAreFormattedCompactly() {
        assertThat(HtmlDriftReport.num(0.25)).isEqualTo("0.25");
        assertThat(HtmlDriftReport.num(3.0)).isEqualTo("3");
        assertThat(HtmlDriftReport.num(1.23456e-7)).isEqualTo("1.23e-07");
        assertThat(HtmlDriftReport.num(Double.POSITIVE_INFINITY)).isEqualTo("\u221e");
    }

    @Test
    void headlessChromiumRendersTheReportWithoutConsoleErrors(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed at " + CHROMIUM
                + " (Debian: apt-get install -y chromium); skipping the browser rendering test");
        Path html = tmp.resolve("report.html");
        report().writeTo(html);

        Run dom = chromium(tmp, "--dump-dom", html.toUri().toString());
        assertThat(dom.exit).as("chromium --dump-dom exit; stderr:%n%s", dom.stderr).isZero();
        assertThat(dom.stdout).contains("id=\"verdict\"").contains("Drift detected in");
        for (String f : PROFILE.featureNames()) {
            assertThat(dom.stdout).contains("data-feature=\"" + HtmlDriftReport.esc(f) + "\"");
        }
        assertThat(consoleProblems(dom.stderr)).isEmpty();

        Path png = tmp.resolve("report.png");
        Run shot = chromium(tmp, "--screenshot=" + png, "--window-size=1280,2200", html.toUri().toString());
        assertThat(shot.exit).as("chromium --screenshot exit; stderr:%n%s", shot.stderr).isZero();
        assertThat(consoleProblems(shot.stderr)).isEmpty();
        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes.length).isGreaterThan(20_000);
        assertThat(Arrays.copyOf(bytes, 8)).containsExactly(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
        String keep = System.getProperty("mlops.report.screenshot");
        if (keep != null) {
            Files.copy(png, Path.of(keep), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(html, Path.of(keep.replaceAll("\\.png$", "") + ".html"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Console messages (the page has no script, so any is a problem) and failed loads in Chromium's log. */
    static List<String> consoleProblems(String stderr) {
        return stderr.lines().filter(l -> l.contains("CONSOLE") || l.contains("Uncaught")
                || l.contains("Failed to load resource") || l.contains("net::ERR_")).toList();
    }

    record Run(int exit, String stdout, String stderr) {
    }

    static Run chromium(Path tmp, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + tmp.resolve("profile"),
                "--enable-logging=stderr", "--v=0"));
        cmd.addAll(List.of(args));
        Path out = tmp.resolve("stdout.txt");
        Path err = tmp.resolve("stderr.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("chromium did not finish in 90 s: " + cmd);
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void writingIsAllOrNothingAndAFailedWriteLeavesThePreviousFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("report.html"), "yesterday's report");
        report().writeTo(file);
        assertThat(Files.readString(file)).isEqualTo(report().render());
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);                 // no temporary file left beside it
        }
        Path blocked = Files.createDirectory(dir.resolve("not-a-dir.html"));  // a directory where the file should go
        Files.writeString(blocked.resolve("keep.txt"), "kept");
        assertThatThrownBy(() -> report().writeTo(blocked))
                .isInstanceOf(dev.mlops.monitoring.MonitoringException.class)
                .hasMessageContaining("cannot write the drift report to " + blocked);
        assertThat(Files.readString(blocked.resolve("keep.txt"))).isEqualTo("kept");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactlyInAnyOrder(file, blocked);
        }
    }
}
