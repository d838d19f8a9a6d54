package dev.mlops.monitoring.report;

import dev.mlops.monitoring.DriftAnalysis;
import dev.mlops.monitoring.DriftResult;
import dev.mlops.monitoring.FeatureDrift;
import dev.mlops.monitoring.ReferenceProfile;
import dev.mlops.monitoring.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 21 item 10: the prediction chart stays readable for saturated probabilities (bin labels that differ, never
 * cut), and the table and the cards show the same Wasserstein figures, saying which is which.
 */
class HtmlDriftReportReadabilityTest {
    /** A classifier's positive-class probability: most rows within 1e-4 of 1, a few near 0, as a confident MLP gives. */
    static String[] saturated(int n, double shift) {
        String[] v = new String[n];
        for (int i = 0; i < n; i++) {
            double p = i % 10 == 0 ? 1e-3 * (i % 7 + 1) : 1 - Math.pow(10, -(3 + (i % 5))) * (1 + (i % 13) / 13.0) * shift;
            v[i] = Double.toString(p);
        }
        return v;
    }

    static DriftResult result() {
        Table ref = Table.of(Map.of("probability", saturated(600, 1.0)));
        Table cur = Table.of(Map.of("probability", saturated(300, 3.0)));
        ReferenceProfile profile = ReferenceProfile.fromTable(ref, Set.of(), Set.of("probability"));
        return DriftAnalysis.compare(profile, cur);
    }

    @Test
    void binLabelsOfSaturatedProbabilitiesGetTheDigitsTheyNeed() {
        double[] edges = {0.0012, 0.93, 0.9991, 0.99991, 0.99998, 0.999993, 1.0};
        assertThat(HtmlDriftReport.binLabels(edges)).containsExactly("< 0.0012", "0.0012 \u2013 0.93",
                "0.93 \u2013 0.9991", "0.9991 \u2013 0.9999", "0.9999 \u2013 0.99998", "0.99998 \u2013 0.999993",
                "0.999993 \u2013 1", "\u2265 1");
        // the breast-cancer MLP's prediction deciles: tiny values keep 4 digits, edges equal to 1 become "= 1"
        assertThat(HtmlDriftReport.binLabels(new double[]{1.530704e-18, 6.696575e-12, 0.9989443, 0.9999883, 1, 1}))
                .containsExactly("< 1.53e-18", "1.53e-18 \u2013 6.70e-12", "6.70e-12 \u2013 0.9989",
                        "0.9989 \u2013 0.99999", "0.99999 \u2013 1", "= 1", "\u2265 1");
        assertThat(HtmlDriftReport.binLabels(new double[]{0.5, 2.25})).containsExactly("< 0.5", "0.5 \u2013 2.25",
                "\u2265 2.25");
        assertThat(HtmlDriftReport.binLabels(new double[0])).containsExactly("all");
    }

    @Test
    void emptyZeroWidthBinsAreNotDrawn() {
        List<String> labels = new java.util.ArrayList<>(List.of("0.99 \u2013 1", "= 1", "= 1", "\u2265 1"));
        List<Double> ref = new java.util.ArrayList<>(List.of(0.1, 0.0, 0.0, 0.9));
        List<Double> now = new java.util.ArrayList<>(List.of(0.5, 0.0, 0.0, 0.5));
        assertThat(HtmlDriftReport.dropEmptyZeroWidthBins(labels, ref, now)).isEqualTo(2);
        assertThat(labels).containsExactly("0.99 \u2013 1", "\u2265 1");
        assertThat(ref).containsExactly(0.1, 0.9);
        assertThat(now).containsExactly(0.5, 0.5);
    }

    @Test
    void theSaturatedPredictionChartHasDistinctUncutLabels() {
        DriftResult r = result();
        ReferenceProfile profile = ReferenceProfile.fromTable(Table.of(Map.of("probability", saturated(600, 1.0))),
                Set.of(), Set.of("probability"));
        String html = HtmlDriftReport.of(profile, r).render();
        Matcher m = Pattern.compile("class=\"axis\" text-anchor=\"end\" transform=\"rotate\\(-40 [^\"]*\">([^<]*)</text>")
                .matcher(html);
        List<String> labels = m.results().map(x -> x.group(1)).toList();
        assertThat(labels).hasSizeBetween(4, profile.feature("probability").edges().length + 1);
        assertThat(new HashSet<>(labels)).as("distinct labels").hasSameSizeAs(labels);
        assertThat(labels).noneMatch(l -> l.contains("\u2026")).noneMatch(l -> l.matches("(.*\\D)?1 \u2013 1"));
    }

    @Test
    void theTableAndTheCardShowTheSameWassersteinFiguresAndSayWhich() {
        DriftResult r = result();
        FeatureDrift f = r.feature("probability");
        ReferenceProfile profile = ReferenceProfile.fromTable(Table.of(Map.of("probability", saturated(600, 1.0))),
                Set.of(), Set.of("probability"));
        String html = HtmlDriftReport.of(profile, r).render();
        String raw = HtmlDriftReport.num(f.wasserstein());
        String normed = HtmlDriftReport.num(f.wassersteinNormed());
        assertThat(raw).isNotEqualTo(normed);
        assertThat(html).contains("<th>Wasserstein&#8209;1</th><th>Wasserstein&#8209;1 &divide; ref. std</th>")
                .contains("<td>" + raw + "</td><td>" + normed + "</td>")
                .contains("<span>Wasserstein-1 " + raw + "</span><span>Wasserstein-1 &divide; ref. std " + normed
                        + "</span>");
    }

    @Test
    void headlessChromiumScreenshotOfTheSaturatedChart(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isExecutable(HtmlDriftReportTest.CHROMIUM), "no Chromium; skipping the screenshot");
        ReferenceProfile profile = ReferenceProfile.fromTable(Table.of(Map.of("probability", saturated(600, 1.0))),
                Set.of(), Set.of("probability"));
        Path html = tmp.resolve("saturated.html");
        HtmlDriftReport.of(profile, result()).writeTo(html);
        Path png = tmp.resolve("saturated.png");
        HtmlDriftReportTest.Run shot = HtmlDriftReportTest.chromium(tmp, "--screenshot=" + png, "--window-size=1280,1400",
                html.toUri().toString());
        assertThat(shot.exit()).as(shot.stderr()).isZero();
        assertThat(Files.size(png)).isGreaterThan(10_000);
        String keep = System.getProperty("mlops.report.screenshot");
        if (keep != null) {
            Files.copy(png, Path.of(keep + "-saturated.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(html, Path.of(keep + "-saturated.html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
