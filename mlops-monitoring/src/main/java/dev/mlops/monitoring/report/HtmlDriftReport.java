package dev.mlops.monitoring.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.mlops.monitoring.DriftResult;
import dev.mlops.monitoring.FeatureDrift;
import dev.mlops.monitoring.FeatureKind;
import dev.mlops.monitoring.MonitoringException;
import dev.mlops.monitoring.ReferenceProfile;
import dev.mlops.monitoring.WindowState;
import dev.mlops.monitoring.checks.CheckReport;
import dev.mlops.monitoring.checks.CheckResult;
import dev.mlops.registry.io.AtomicOutput;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A drift report as one self-contained HTML file, in the spirit of Evidently's reports: the verdict, a table of every
 * feature's statistics against its thresholds (drifted features first), a histogram per feature comparing the
 * reference with the current window (PSI bins for numeric features, category shares for categorical ones), optionally
 * the series of earlier windows and a data-check report with its % passed. Everything is inline (CSS and SVG, no
 * script, no fonts, no network fetches), so the file can be mailed, attached to a ticket or archived as is.
 *
 * <pre>{@code
 * HtmlDriftReport.builder(profile, result).title("fraud v3, inputs").checks(checkReport).build().writeTo(path);
 * }</pre>
 *
 * <p>The current window's histograms come from the result's {@link DriftResult#state() window state}; without one
 * (a result read back from JSON) the report shows the statistics only. Immutable and thread-safe.
 */
public final class HtmlDriftReport {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    /** Categorical features show at most this many categories; the rest are summed as "(other)". */
    static final int MAX_CATEGORIES = 20;
    private static final String REFERENCE_COLOUR = "#4c78a8";
    private static final String CURRENT_COLOUR = "#f58518";

    private final ReferenceProfile profile;
    private final DriftResult result;
    private final String title;
    private final CheckReport checks;
    private final List<DriftResult> history;
    private final Instant generated;

    private HtmlDriftReport(Builder b) {
        this.profile = b.profile;
        this.result = b.result;
        this.title = b.title;
        this.checks = b.checks;
        this.history = List.copyOf(b.history);
        this.generated = b.generated;
    }

    /** A builder for the report of {@code result}, computed against {@code profile}. */
    public static Builder builder(ReferenceProfile profile, DriftResult result) {
        return new Builder(profile, result);
    }

    /** The report with default settings. */
    public static HtmlDriftReport of(ReferenceProfile profile, DriftResult result) {
        return builder(profile, result).build();
    }

    /**
     * Writes the report to {@code file} (UTF-8), replacing it all or nothing ({@link AtomicOutput}): on failure a
     * previous file there is untouched.
     */
    public void writeTo(Path file) {
        byte[] html = render().getBytes(StandardCharsets.UTF_8);
        try {
            AtomicOutput.write(file, html);
        } catch (UncheckedIOException e) {
            throw new MonitoringException("cannot write the drift report to " + file + ": " + e.getCause().getMessage(), e);
        }
    }

    /** The report as an HTML document. */
    public String render() {
        Map<String, Current> current = currentCounts();
        List<FeatureDrift> ordered = new ArrayList<>(result.features());
        ordered.sort(Comparator.comparing((FeatureDrift f) -> !f.drifted())); // stable: profile order otherwise
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(title)).append("</title>\n<style>").append(CSS).append("</style>\n")
                .append("</head>\n<body>\n");
        header(h);
        summaryTable(h, ordered);
        if (!history.isEmpty()) {
            historySection(h);
        }
        h.append("<h2>Distributions</h2>\n<p class=\"legend\"><span class=\"swatch\" style=\"background:")
                .append(REFERENCE_COLOUR).append("\"></span>reference <span class=\"swatch\" style=\"background:")
                .append(CURRENT_COLOUR).append("\"></span>current window (share of non-missing values)</p>\n");
        for (FeatureDrift f : ordered) {
            featureCard(h, f, current.get(f.name()));
        }
        if (checks != null) {
            checksSection(h);
        }
        h.append("<footer>Generated by mlops");
        if (generated != null) {
            h.append(" at ").append(esc(generated.toString()));
        }
        h.append(". Reference: ").append(profile.rowCount()).append(" rows, ").append(profile.features().size())
                .append(" features.</footer>\n</body>\n</html>\n");
        return h.toString();
    }

    // ------------------------------------------------------------------ sections

    private void header(StringBuilder h) {
        h.append("<h1>").append(esc(title)).append("</h1>\n");
        int drifted = result.driftedFeatures().size();
        int total = result.features().size();
        h.append("<div class=\"verdict ").append(drifted > 0 ? "bad" : "good").append("\" id=\"verdict\">");
        if (drifted > 0) {
            h.append("Drift detected in ").append(drifted).append(" of ").append(total).append(" features: ")
                    .append(esc(String.join(", ", result.driftedFeatures())));
        } else {
            h.append("No drift: 0 of ").append(total).append(" features drifted");
        }
        h.append("</div>\n<dl class=\"meta\">");
        meta(h, "Window", result.window() < 0 ? "one-off comparison" : Long.toString(result.window()));
        if (result.start() != null) {
            meta(h, "From", result.start().toString());
        }
        if (result.end() != null) {
            meta(h, "To", result.end().toString());
        }
        meta(h, "Rows", Long.toString(result.rows()));
        meta(h, "Input drift", result.inputDrift() ? "yes" : "no");
        meta(h, "Output drift", result.outputDrift() ? "yes" : "no");
        meta(h, "p-value correction", result.correction() == null ? "none" : result.correction());
        if (checks != null) {
            meta(h, "Data checks passed", pct(checks.percentPassed()));
        }
        h.append("</dl>\n");
    }

    private static void meta(StringBuilder h, String k, String v) {
        h.append("<div><dt>").append(esc(k)).append("</dt><dd>").append(esc(v)).append("</dd></div>");
    }

    private void summaryTable(StringBuilder h, List<FeatureDrift> ordered) {
        h.append("<h2>Features</h2>\n<div class=\"scroll\"><table class=\"features\" id=\"features\">\n<thead><tr><th>Feature</th>")
                .append("<th>Kind</th><th>Role</th><th>Drift</th><th>PSI</th><th>PSI threshold</th>")
                .append("<th>KS statistic</th><th>Test p-value</th><th>Adjusted p</th><th>&alpha;</th>")
                .append("<th>Wasserstein&#8209;1</th><th>Wasserstein&#8209;1 &divide; ref. std</th><th>JS distance</th>")
                .append("<th>Missing (ref / cur)</th>")
                .append("</tr></thead>\n<tbody>\n");
        for (FeatureDrift f : ordered) {
            boolean psiOver = f.psi() != null && f.psiThreshold() != null && f.psi() >= f.psiThreshold();
            boolean pUnder = f.pValueAdjusted() != null && f.pValueAdjusted() < f.alpha();
            h.append("<tr class=\"").append(f.drifted() ? "drifted" : "stable").append("\" data-feature=\"")
                    .append(esc(f.name())).append("\"><td><a href=\"#f-").append(anchor(f.name())).append("\">")
                    .append(esc(f.name())).append("</a></td><td>").append(esc(f.kind())).append("</td><td>")
                    .append(esc(f.role())).append("</td><td>")
                    .append(f.drifted() ? "<span class=\"badge bad\">drifted</span>"
                            : "<span class=\"badge good\">stable</span>")
                    .append("</td>");
            cell(h, f.psi(), psiOver);
            cell(h, f.psiThreshold(), false);
            cell(h, f.ksStatistic(), false);
            cell(h, f.testPValue(), false);
            cell(h, f.pValueAdjusted(), pUnder);
            cell(h, f.alpha(), false);
            cell(h, f.wasserstein(), false);
            cell(h, f.wassersteinNormed(), false);
            cell(h, f.jsDistance(), false);
            h.append("<td>").append(f.missingReference()).append(" / ").append(f.missingCurrent()).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table></div>\n<p class=\"note\">A feature drifts when its drift rule fires (by default: "
                + "adjusted p-value &lt; &alpha; <em>and</em> PSI &ge; threshold); each cell past its own threshold "
                + "is marked. Wasserstein-1 is in the feature's own units (as scipy's wasserstein_distance); "
                + "divided by the reference's standard deviation it compares across features.</p>\n");
    }

    private static void cell(StringBuilder h, Double v, boolean over) {
        h.append(over ? "<td class=\"over\">" : "<td>").append(v == null ? "&ndash;" : esc(num(v))).append("</td>");
    }

    private void historySection(StringBuilder h) {
        h.append("<h2>Windows</h2>\n<table class=\"history\" id=\"history\">\n<thead><tr><th>Window</th>")
                .append("<th>End</th><th>Rows</th><th>Drifted features</th>");
        List<String> names = profile.featureNames();
        for (String n : names) {
            h.append("<th>PSI ").append(esc(n)).append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        for (DriftResult r : history) {
            h.append("<tr").append(r.drifted() ? " class=\"drifted\"" : "").append("><td>")
                    .append(r.window() < 0 ? "one-off" : Long.toString(r.window()))
                    .append("</td><td>").append(r.end() == null ? "&ndash;" : esc(r.end().toString()))
                    .append("</td><td>").append(r.rows()).append("</td><td>")
                    .append(r.driftedFeatures().isEmpty() ? "none" : esc(String.join(", ", r.driftedFeatures())))
                    .append("</td>");
            for (String n : names) {
                FeatureDrift f = r.features().stream().filter(x -> x.name().equals(n)).findFirst().orElse(null);
                cell(h, f == null ? null : f.psi(), f != null && f.drifted());
            }
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    private void featureCard(StringBuilder h, FeatureDrift f, Current cur) {
        ReferenceProfile.FeatureProfile p = profile.feature(f.name());
        h.append("<section class=\"card ").append(f.drifted() ? "drifted" : "stable").append("\" id=\"f-")
                .append(anchor(f.name())).append("\">\n<h3>").append(esc(f.name())).append(' ')
                .append(f.drifted() ? "<span class=\"badge bad\">drifted</span>"
                        : "<span class=\"badge good\">stable</span>")
                .append("</h3>\n<p class=\"stats\">");
        stat(h, "PSI", f.psi(), f.psiThreshold());
        if (FeatureKind.NUMERIC.jsonName().equals(f.kind())) {
            stat(h, "KS", f.ksStatistic(), null);
            stat(h, "KS p", f.ksPValue(), null);
            stat(h, "Wasserstein-1", f.wasserstein(), null);
            stat(h, "Wasserstein-1 &divide; ref. std", f.wassersteinNormed(), null);
        } else {
            stat(h, "&chi;&sup2;", f.chi2Statistic(), null);
            stat(h, "&chi;&sup2; p", f.chi2PValue(), null);
            if (!f.unseenCategories().isEmpty()) {
                h.append("<span>unseen categories: ").append(esc(String.join(", ", f.unseenCategories())))
                        .append(" (").append(f.unseenCount()).append(" values)</span>");
            }
        }
        stat(h, "JS", f.jsDistance(), null);
        h.append("<span>values: ").append(f.referenceCount()).append(" ref / ").append(f.currentCount())
                .append(" cur</span>");
        if (f.note() != null) {
            h.append("<span class=\"note\">").append(esc(f.note())).append("</span>");
        }
        h.append("</p>\n");
        List<String> labels = new ArrayList<>();
        List<Double> ref = new ArrayList<>();
        List<Double> now = new ArrayList<>();
        if (p.kind() == FeatureKind.NUMERIC) {
            double[] e = p.edges();
            long[] rc = p.binCounts();
            labels.addAll(binLabels(e));
            shares(rc, ref);
            if (cur != null && cur.bins != null && cur.bins.length == rc.length) {
                shares(cur.bins, now);
            }
        } else {
            Map<String, Long> rcats = p.categories();
            Map<String, Long> ccats = cur == null ? Map.of() : cur.categories;
            Map<String, Long> union = new TreeMap<>();
            rcats.forEach((k, v) -> union.merge(k, v, Long::sum));
            ccats.forEach((k, v) -> union.merge(k, v, Long::sum));
            List<String> top = new ArrayList<>(union.keySet());
            top.sort(Comparator.comparing((String k) -> -union.get(k)).thenComparing(k -> k));
            List<String> shown = top.subList(0, Math.min(MAX_CATEGORIES, top.size()));
            long rTotal = rcats.values().stream().mapToLong(Long::longValue).sum();
            long cTotal = ccats.values().stream().mapToLong(Long::longValue).sum();
            double rOther = 1;
            double cOther = 1;
            for (String k : shown) {
                labels.add(k);
                double rs = rTotal == 0 ? 0 : rcats.getOrDefault(k, 0L) / (double) rTotal;
                double cs = cTotal == 0 ? 0 : ccats.getOrDefault(k, 0L) / (double) cTotal;
                ref.add(rs);
                now.add(cs);
                rOther -= rs;
                cOther -= cs;
            }
            if (top.size() > shown.size()) {
                labels.add("(other)");
                ref.add(Math.max(0, rOther));
                now.add(Math.max(0, cOther));
            }
            if (cur == null) {
                now.clear();
            }
        }
        int hidden = dropEmptyZeroWidthBins(labels, ref, now);
        histogram(h, f.name(), labels, ref, now);
        if (hidden > 0) {
            h.append("<p class=\"note\">").append(hidden).append(hidden == 1 ? " PSI bin" : " PSI bins")
                    .append(" of zero width, empty in both windows, not drawn (many reference values are equal to")
                    .append(" one edge, as probabilities saturated at 1 are).</p>\n");
        }
        if (cur == null) {
            h.append("<p class=\"note\">The current window's distribution is not available (the result carries no "
                    + "window state).</p>\n");
        }
        h.append("</section>\n");
    }

    /**
     * Removes the bins labelled {@code = x} (zero width) whose reference and current shares are both 0; returns how
     * many. They carry no information and, for saturated probabilities, would fill the chart with empty "= 1" bins.
     */
    static int dropEmptyZeroWidthBins(List<String> labels, List<Double> ref, List<Double> now) {
        int dropped = 0;
        for (int i = labels.size() - 1; i >= 0; i--) {
            if (labels.get(i).startsWith("= ") && ref.get(i) == 0 && (now.isEmpty() || now.get(i) == 0)) {
                labels.remove(i);
                ref.remove(i);
                if (!now.isEmpty()) {
                    now.remove(i);
                }
                dropped++;
            }
        }
        return dropped;
    }

    /**
     * One label per PSI bin ({@code edges.length + 1}): {@code < e0}, {@code e0 – e1}, …, {@code ≥ e_last}, each edge
     * printed with as many significant digits as it takes for neighbouring edges to read differently (saturated
     * probabilities such as 0.99991 and 0.99998 are not both "1").
     */
    static List<String> binLabels(double[] e) {
        List<String> labels = new ArrayList<>();
        if (e.length == 0) {
            labels.add("all");
            return labels;
        }
        String[] text = distinctEdgeTexts(e);
        labels.add("< " + text[0]);
        for (int i = 1; i < e.length; i++) {
            labels.add(e[i - 1] == e[i] ? "= " + text[i] : text[i - 1] + " \u2013 " + text[i]);
        }
        labels.add("\u2265 " + text[e.length - 1]);
        return labels;
    }

    /** Each edge with 4 significant digits, more only where a neighbouring edge would otherwise read the same. */
    private static String[] distinctEdgeTexts(double[] e) {
        int[] digits = new int[e.length];
        java.util.Arrays.fill(digits, 4);
        String[] text = new String[e.length];
        for (int round = 0; round < 14; round++) {
            for (int i = 0; i < e.length; i++) {
                text[i] = edgeText(e[i], digits[i]);
            }
            boolean changed = false;
            for (int i = 1; i < e.length; i++) {
                if (e[i - 1] != e[i] && text[i - 1].equals(text[i])) {
                    digits[i - 1] = Math.min(17, digits[i - 1] + 1);
                    digits[i] = Math.min(17, digits[i] + 1);
                    changed = true;
                }
            }
            if (!changed) {
                break;
            }
        }
        return text;
    }

    /** {@code v} with {@code digits} significant digits, without trailing zeros; {@link #num} when 4 suffice. */
    private static String edgeText(double v, int digits) {
        if (digits <= 4 || Double.isNaN(v) || Double.isInfinite(v) || v == 0) {
            return num(v);
        }
        String t = new java.math.BigDecimal(v).round(new java.math.MathContext(digits)).stripTrailingZeros()
                .toPlainString();
        return Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6 ? String.format(Locale.ROOT, "%." + (digits - 1) + "e", v) : t;
    }

    private static void stat(StringBuilder h, String name, Double v, Double threshold) {
        h.append("<span>").append(name).append(' ').append(v == null ? "&ndash;" : esc(num(v)));
        if (threshold != null) {
            h.append(" (threshold ").append(esc(num(threshold))).append(')');
        }
        h.append("</span>");
    }

    private static void shares(long[] counts, List<Double> out) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        for (long c : counts) {
            out.add(total == 0 ? 0 : c / (double) total);
        }
    }

    /** Grouped bars: reference and current share per bin / category, as an inline SVG. */
    private static void histogram(StringBuilder h, String feature, List<String> labels, List<Double> ref,
                                  List<Double> now) {
        int n = labels.size();
        double max = 0;
        for (double v : ref) {
            max = Math.max(max, v);
        }
        for (double v : now) {
            max = Math.max(max, v);
        }
        max = axisMax(max);
        int groupW = Math.max(36, Math.min(80, 720 / Math.max(1, n)));
        // labels are rotated 40 degrees and never cut: the margins grow with the longest one (about 6.2 px a character)
        int longest = 0;
        for (String l : labels) {
            longest = Math.max(longest, l.length());
        }
        double labelRun = longest * LABEL_CHAR_WIDTH;
        int firstRun = (int) Math.ceil(labels.isEmpty() ? 0 : labels.get(0).length() * LABEL_CHAR_WIDTH * COS_LABEL);
        int left = Math.max(44, firstRun - groupW / 2 + 6);
        int top = 10;
        int plotH = 160;
        int width = left + n * groupW + 10;
        int height = top + plotH + 24 + (int) Math.ceil(labelRun * SIN_LABEL);
        h.append("<svg class=\"hist\" role=\"img\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" xmlns=\"http://www.w3.org/2000/svg\" aria-label=\"").append(esc(feature))
                .append(": reference vs current\">\n");
        for (int t = 0; t <= 4; t++) {
            double v = max * t / 4;
            double y = top + plotH - plotH * t / 4.0;
            h.append("<line x1=\"").append(left).append("\" x2=\"").append(width - 10).append("\" y1=\"")
                    .append(fmt(y)).append("\" y2=\"").append(fmt(y)).append("\" class=\"grid\"/>")
                    .append("<text x=\"").append(left - 4).append("\" y=\"").append(fmt(y + 4))
                    .append("\" class=\"axis\" text-anchor=\"end\">")
                    .append(String.format(Locale.ROOT, "%.0f%%", v * 100)).append("</text>\n");
        }
        double barW = (groupW - 8) / 2.0;
        for (int i = 0; i < n; i++) {
            double x0 = left + i * groupW + 4;
            bar(h, x0, barW, top, plotH, ref.get(i) / max, REFERENCE_COLOUR, "reference " + labels.get(i),
                    ref.get(i));
            if (!now.isEmpty()) {
                bar(h, x0 + barW, barW, top, plotH, now.get(i) / max, CURRENT_COLOUR, "current " + labels.get(i),
                        now.get(i));
            }
            double lx = x0 + barW;
            double ly = top + plotH + 12;
            String label = labels.get(i);
            h.append("<text x=\"").append(fmt(lx)).append("\" y=\"").append(fmt(ly)).append("\" class=\"axis\" ")
                    .append("text-anchor=\"end\" transform=\"rotate(-40 ").append(fmt(lx)).append(' ')
                    .append(fmt(ly)).append(")\">").append(esc(label)).append("</text>\n");
        }
        h.append("</svg>\n");
    }

    /** Width of one character of an axis label (11 px sans-serif, generous for digits), and the label angle. */
    private static final double LABEL_CHAR_WIDTH = 6.4;
    private static final double SIN_LABEL = Math.sin(Math.toRadians(40));
    private static final double COS_LABEL = Math.cos(Math.toRadians(40));

    /** The top of the share axis: four ticks at a round step of 1, 2, 5, 10, 15, 20 or 25 %. */
    static double axisMax(double maxShare) {
        for (double step : new double[]{0.01, 0.02, 0.05, 0.10, 0.15, 0.20, 0.25}) {
            if (maxShare <= 4 * step + 1e-12) {
                return 4 * step;
            }
        }
        return 1;
    }

    private static void bar(StringBuilder h, double x, double w, int top, int plotH, double frac, String colour,
                            String what, double share) {
        double bh = Math.max(0, Math.min(1, frac)) * plotH;
        h.append("<rect x=\"").append(fmt(x)).append("\" y=\"").append(fmt(top + plotH - bh)).append("\" width=\"")
                .append(fmt(w)).append("\" height=\"").append(fmt(bh)).append("\" fill=\"").append(colour)
                .append("\"><title>").append(esc(what)).append(": ")
                .append(String.format(Locale.ROOT, "%.1f%%", share * 100)).append("</title></rect>\n");
    }

    private void checksSection(StringBuilder h) {
        h.append("<h2>Data checks</h2>\n<div class=\"checks-summary\" id=\"checks\"><div class=\"meter\">")
                .append("<div class=\"fill\" style=\"width:").append(fmt(checks.percentPassed())).append("%\"></div>")
                .append("</div><strong>").append(esc(pct(checks.percentPassed()))).append(" passed</strong> (")
                .append(checks.passedCount()).append(" of ").append(checks.total()).append(" checks on ")
                .append(esc(String.valueOf(checks.source()))).append(", ").append(checks.rows())
                .append(" rows)</div>\n<table class=\"checks\">\n<thead><tr><th>Check</th><th>Result</th>")
                .append("<th>Offending</th><th>Details</th></tr></thead>\n<tbody>\n");
        List<CheckResult> ordered = new ArrayList<>(checks.checks());
        ordered.sort(Comparator.comparing(CheckResult::passed));
        for (CheckResult c : ordered) {
            h.append("<tr class=\"").append(c.passed() ? "stable" : "drifted").append("\"><td>").append(esc(c.name()))
                    .append("</td><td>").append(c.passed() ? "<span class=\"badge good\">pass</span>"
                            : "<span class=\"badge bad\">fail</span>")
                    .append("</td><td>").append(c.offendingCount()).append("</td><td>");
            if (!c.passed()) {
                h.append(esc(c.message()));
                if (!c.examples().isEmpty()) {
                    h.append("<br><span class=\"note\">e.g. ").append(esc(String.join("; ", c.examples())))
                            .append("</span>");
                }
            }
            h.append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    // ------------------------------------------------------------------ current window counts

    private record Current(long[] bins, Map<String, Long> categories) {
    }

    /** Per feature, the current window's bin counts (numeric) or category counts, from the serialised state. */
    private Map<String, Current> currentCounts() {
        WindowState state = result.state();
        Map<String, Current> out = new LinkedHashMap<>();
        if (state == null) {
            return out;
        }
        try {
            JsonNode root = MAPPER.readTree(state.toJson());
            for (JsonNode f : root.path("features")) {
                String name = f.path("name").asText();
                if (f.has("bins")) {
                    long[] bins = new long[f.get("bins").size()];
                    for (int i = 0; i < bins.length; i++) {
                        bins[i] = f.get("bins").get(i).asLong();
                    }
                    out.put(name, new Current(bins, Map.of()));
                } else {
                    Map<String, Long> cats = new TreeMap<>();
                    f.path("counts").properties().forEach(e -> cats.put(e.getKey(), e.getValue().asLong()));
                    out.put(name, new Current(null, cats));
                }
            }
        } catch (IOException e) {
            throw new MonitoringException("cannot read the window state for the report: " + e.getMessage(), e);
        }
        return out;
    }

    // ------------------------------------------------------------------ formatting

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "\u221e" : "-\u221e";
        }
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-3 || a >= 1e6)) {
            return String.format(Locale.ROOT, "%.3g", v);
        }
        String s = String.format(Locale.ROOT, "%.4f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", v);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String anchor(String name) {
        StringBuilder sb = new StringBuilder();
        for (char c : name.toCharArray()) {
            sb.append(Character.isLetterOrDigit(c) || c == '-' || c == '_' ? c : '_');
        }
        return sb.toString();
    }

    /** HTML-escapes text (for element content and attribute values). */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1180px;\
            color:#222;padding:0 16px}
            h1{font-size:22px;margin:0 0 12px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd}\
            h3{font-size:15px;margin:0 0 6px}
            .verdict{padding:10px 14px;border-radius:6px;font-weight:600;margin-bottom:10px}
            .verdict.bad{background:#fde2e1;color:#8a1c1c}.verdict.good{background:#e3f4e1;color:#1d5e1a}
            dl.meta{display:flex;flex-wrap:wrap;gap:6px 22px;margin:0}dl.meta div{display:flex;gap:6px}\
            dt{color:#666}dd{margin:0;font-weight:600}
            table{border-collapse:collapse;width:100%;font-size:13px}th,td{padding:4px 8px;border-bottom:1px solid #eee;\
            text-align:right}th:first-child,td:first-child{text-align:left}th{background:#f6f6f6;position:sticky;top:0}
            table.features td:not(:first-child){white-space:nowrap}table.features td:first-child{min-width:8em}\
            .scroll{overflow-x:auto}
            tr.drifted td:first-child{border-left:4px solid #d62728}tr.stable td:first-child{border-left:4px solid #2ca02c}
            td.over{background:#fde2e1;font-weight:600}
            .badge{display:inline-block;padding:0 7px;border-radius:9px;font-size:12px;font-weight:600}
            .badge.bad{background:#d62728;color:#fff}.badge.good{background:#2ca02c;color:#fff}
            .card{border:1px solid #ddd;border-radius:6px;padding:10px 14px;margin:12px 0;overflow-x:auto}
            .card.drifted{border-color:#d62728}
            .stats{display:flex;flex-wrap:wrap;gap:4px 16px;margin:0 0 6px;color:#444}
            .note{color:#777;font-size:12px}.legend{color:#555}
            .swatch{display:inline-block;width:11px;height:11px;margin:0 4px 0 10px;vertical-align:-1px}
            svg.hist .grid{stroke:#e5e5e5;stroke-width:1}svg.hist .axis{font-size:10px;fill:#555}
            .checks-summary{display:flex;align-items:center;gap:10px;margin-bottom:8px}
            .meter{width:220px;height:12px;background:#fde2e1;border-radius:6px;overflow:hidden}
            .meter .fill{height:100%;background:#2ca02c}
            footer{margin-top:30px;color:#888;font-size:12px}
            """;

    /** Configures an {@link HtmlDriftReport}. Not thread-safe. */
    public static final class Builder {
        private final ReferenceProfile profile;
        private final DriftResult result;
        private String title = "Drift report";
        private CheckReport checks;
        private List<DriftResult> history = List.of();
        private Instant generated;

        private Builder(ReferenceProfile profile, DriftResult result) {
            this.profile = Objects.requireNonNull(profile, "profile");
            this.result = Objects.requireNonNull(result, "result");
        }

        /** The page title (default "Drift report"). */
        public Builder title(String title) {
            this.title = Objects.requireNonNull(title, "title");
            return this;
        }

        /** A data-check report to include (its % passed in the header, each check in a table). */
        public Builder checks(CheckReport report) {
            this.checks = Objects.requireNonNull(report, "report");
            return this;
        }

        /** Earlier windows (oldest first) to show as a series: rows, drifted features and each feature's PSI. */
        public Builder history(List<DriftResult> windows) {
            this.history = List.copyOf(windows);
            return this;
        }

        /** The generation time printed in the footer (default none, so that reports are reproducible). */
        public Builder generatedAt(Instant when) {
            this.generated = when;
            return this;
        }

        /**
         * The report.
         *
         * @throws IllegalArgumentException if the result has a feature the profile lacks
         */
        public HtmlDriftReport build() {
            for (FeatureDrift f : result.features()) {
                if (!profile.featureNames().contains(f.name())) {
                    throw new IllegalArgumentException("the result has feature '" + f.name()
                            + "' which the profile lacks " + profile.featureNames()
                            + "; pass the profile the result was computed against");
                }
            }
            return new HtmlDriftReport(this);
        }
    }
}
