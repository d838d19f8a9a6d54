package dev.mlops.ui.internal;

import dev.mlops.registry.experiment.MetricPoint;
import dev.mlops.registry.experiment.RunComparison;
import dev.mlops.registry.experiment.RunFilter;
import dev.mlops.registry.experiment.RunInfo;
import dev.mlops.registry.experiment.RunQuery;
import dev.mlops.registry.dataset.DatasetRef;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

import static dev.mlops.ui.internal.Html.url;

/** Run search, a run's page with metric charts, and the comparison of two runs. Thread-safe (stateless). */
final class RunPages {
    /** Most runs a search page lists. */
    static final int MAX_RESULTS = 200;
    /** Most metric charts a run page draws. */
    static final int MAX_CHARTS = 12;
    private final Site site;
    private final String base;

    RunPages(Site site, String base) {
        this.site = site;
        this.base = base;
    }

    static String runPath(String id) {
        return "/runs/" + url(id);
    }

    Response search(String filterText, String experiment) {
        RunFilter filter = RunFilterParser.parse(filterText);
        RunQuery q = RunQuery.where(filter).limit(MAX_RESULTS + 1);
        if (experiment != null && !experiment.isBlank()) {
            q = q.experiment(experiment.trim());
        }
        List<RunInfo> runs = site.registry.runs().search(q);
        boolean more = runs.size() > MAX_RESULTS;
        if (more) {
            runs = runs.subList(0, MAX_RESULTS);
        }
        Html h = new Html(base);
        h.el("h1", "Runs").raw("<form class=\"inline\" method=\"get\" action=\"").raw(h.href("/runs"))
                .raw("\"><label>Filter <input type=\"text\" name=\"q\" placeholder=\"metric.test_auc &gt;= 0.9 AND param.lr &lt; 0.01\" value=\"")
                .text(filterText == null ? "" : filterText).raw("\"></label><label>Experiment <input type=\"text\" name=\"experiment\" value=\"")
                .text(experiment == null ? "" : experiment).raw("\"></label><button type=\"submit\">Search</button></form>")
                .raw("<p class=\"note\">The API's filter language: <code>param.KEY</code>, <code>metric.KEY</code>, <code>tag.KEY</code>, ")
                .raw("<code>status</code> with <code>= != &lt; &lt;= &gt; &gt;= IN [a, b] EXISTS</code>, combined with ")
                .raw("<code>AND OR NOT ( )</code>. Filter: <code id=\"filter\">").text(filter.toString()).raw("</code></p>");
        h.raw("<p class=\"note\" id=\"count\">").num(runs.size()).raw(more ? "+ runs (the first " + MAX_RESULTS + " shown)" : " runs")
                .raw(". Tick two to compare.</p>");
        TreeSet<String> metrics = new TreeSet<>();
        TreeSet<String> params = new TreeSet<>();
        for (RunInfo r : runs) {
            metrics.addAll(r.metrics().keySet());
            params.addAll(r.params().keySet());
        }
        h.raw("<form method=\"get\" action=\"").raw(h.href("/runs/compare")).raw("\"><div class=\"scroll\">")
                .raw("<table class=\"sortable\" id=\"runs\"><thead><tr><th>Run</th><th>Experiment</th><th>Status</th><th>Started</th><th>By</th>");
        for (String p : params) {
            h.raw("<th class=\"n\">").text(p).raw("</th>");
        }
        for (String m : metrics) {
            h.raw("<th class=\"n\">").text(m).raw("</th>");
        }
        h.raw("<th>A</th><th>B</th></tr></thead><tbody>");
        for (RunInfo r : runs) {
            h.raw("<tr><td>").link(runPath(r.id()), r.id()).raw("</td><td>").text(r.experiment()).raw("</td><td>")
                    .text(r.status().name()).raw("</td><td data-v=\"").text(r.startedAt().toString()).raw("\">")
                    .text(Html.when(r.startedAt())).raw("</td><td>").text(r.createdBy()).raw("</td>");
            for (String p : params) {
                Object v = r.params().get(p);
                h.raw("<td class=\"n\">").text(v == null ? "" : Html.value(v)).raw("</td>");
            }
            for (String m : metrics) {
                Double v = r.metrics().get(m);
                h.raw("<td class=\"n\">").text(v == null ? "" : Html.num(v)).raw("</td>");
            }
            h.raw("<td><input type=\"radio\" name=\"a\" value=\"").text(r.id()).raw("\"></td><td><input type=\"radio\" name=\"b\" value=\"")
                    .text(r.id()).raw("\"></td></tr>");
        }
        h.raw("</tbody></table></div><button type=\"submit\">Compare A and B</button></form>");
        return site.page(base, "Runs", h, true);
    }

    Response run(String id) {
        RunInfo r = site.registry.runs().get(id);
        Html h = new Html(base);
        h.raw("<h1>Run ").text(r.id()).raw("</h1><dl class=\"meta\"><div><dt>experiment</dt><dd>")
                .link("/runs?experiment=" + url(r.experiment()), r.experiment()).raw("</dd></div><div><dt>status</dt><dd id=\"status\">")
                .text(r.status().name()).raw("</dd></div><div><dt>started</dt><dd>").text(Html.when(r.startedAt()))
                .raw("</dd></div><div><dt>ended</dt><dd>").text(r.endedAt().map(Html::when).orElse("—"))
                .raw("</dd></div><div><dt>by</dt><dd>").text(r.createdBy()).raw("</dd></div></dl>");
        h.el("h2", "Parameters");
        VersionPage.keyValues(h, "params", r.params());
        h.el("h2", "Metrics");
        VersionPage.keyValues(h, "metrics", r.metrics());
        int charts = 0;
        for (String m : new TreeSet<>(r.metrics().keySet())) {
            if (charts++ >= MAX_CHARTS) {
                h.raw("<p class=\"note\">Charts of the first ").num(MAX_CHARTS).raw(" metrics only.</p>");
                break;
            }
            List<MetricPoint> history = site.registry.runs().metricHistory(r.id(), m);
            if (history.size() < 2) {
                continue;
            }
            List<Charts.Point> pts = new ArrayList<>(history.size());
            boolean steps = history.stream().map(MetricPoint::step).distinct().count() > 1;
            long t0 = history.get(0).timestamp().toEpochMilli();
            for (MetricPoint p : history) {
                pts.add(new Charts.Point(steps ? p.step() : (p.timestamp().toEpochMilli() - t0) / 1000.0, p.value()));
            }
            h.raw("<div class=\"card\"><h3>").text(m).raw("</h3>").raw(Charts.line(m + " over " + (steps ? "steps" : "time"),
                    pts, steps ? "step" : "seconds since the first value")).raw("</div>");
        }
        h.el("h2", "Tags");
        VersionPage.keyValues(h, "tags", r.tags());
        h.el("h2", "Inputs");
        if (r.inputs().isEmpty()) {
            h.raw("<p class=\"note\">None declared.</p>");
        } else {
            h.raw("<ul id=\"inputs\">");
            for (DatasetRef d : r.inputs()) {
                h.raw("<li>").link(DatasetPages.versionPath(d.name(), d.version()), d.name() + ":" + d.version()).raw(" (")
                        .text(d.role()).raw(")</li>");
            }
            h.raw("</ul>");
        }
        h.el("h2", "Model versions registered from it");
        if (r.models().isEmpty()) {
            h.raw("<p class=\"note\">None.</p>");
        } else {
            h.raw("<ul id=\"models\">");
            for (String mv : r.models()) {
                int colon = mv.lastIndexOf(':');
                if (colon > 0) {
                    h.raw("<li>").link(ModelPages.versionPath(mv.substring(0, colon), Integer.parseInt(mv.substring(colon + 1))), mv)
                            .raw("</li>");
                } else {
                    h.raw("<li>").text(mv).raw("</li>");
                }
            }
            h.raw("</ul>");
        }
        if (!r.artifacts().isEmpty()) {
            h.el("h2", "Artifacts");
            h.raw("<table id=\"artifacts\"><tbody>");
            for (var e : new TreeMap<>(r.artifacts()).entrySet()) {
                h.raw("<tr><td>").text(e.getKey()).raw("</td><td class=\"n\">").num(e.getValue().size()).raw(" bytes</td><td class=\"mono\">")
                        .text(e.getValue().digest().toString()).raw("</td></tr>");
            }
            h.raw("</tbody></table>");
        }
        return site.page(base, "Run " + r.id(), h, false);
    }

    Response compare(String a, String b) {
        RunComparison c = site.registry.runs().compare(a, b);
        Html h = new Html(base);
        h.raw("<h1>Runs ").link(runPath(a), a).raw(" → ").link(runPath(b), b).raw("</h1>");
        ModelPages.changes(h, "Parameters", "params", c.params());
        ModelPages.changes(h, "Metrics", "metrics", c.metrics());
        ModelPages.changes(h, "Tags", "tags", c.tags());
        return site.page(base, "Runs " + a + " → " + b, h, false);
    }
}
