package dev.mlops.ui.internal;

import dev.mlops.registry.AliasHistory;
import dev.mlops.registry.AliasMove;
import dev.mlops.registry.ModelInfo;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.VersionComparison;
import dev.mlops.registry.spi.Page;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.TreeSet;

import static dev.mlops.ui.internal.Html.url;

/** The models list, a model's page, an alias's page and the comparison of two versions. Thread-safe (stateless). */
final class ModelPages {
    private final Site site;
    private final String base;

    ModelPages(Site site, String base) {
        this.site = site;
        this.base = base;
    }

    /** Most moves per alias the model page's timeline draws. */
    static final int TIMELINE_MOVES = 60;
    /** Most moves an alias page lists. */
    static final int ALIAS_PAGE_MOVES = 500;

    static <T> List<T> tail(List<T> list, int n) {
        return list.size() <= n ? list : list.subList(list.size() - n, list.size());
    }

    static String modelPath(String model) {
        return "/models/" + url(model);
    }

    static String versionPath(String model, int n) {
        return modelPath(model) + "/versions/" + n;
    }

    static String aliasPath(String model, String alias) {
        return modelPath(model) + "/aliases/" + url(alias);
    }

    Response list() {
        Html h = new Html(base);
        List<ModelInfo> models = site.registry.models();
        h.el("h1", "Models").raw("<p class=\"note\">").num(models.size()).raw(" models.</p>");
        h.raw("<div class=\"scroll\"><table class=\"sortable\" id=\"models\"><thead><tr><th>Model</th><th>Description</th>")
                .raw("<th>Tags</th><th class=\"n\">Latest</th><th>Aliases</th><th>Last change</th></tr></thead><tbody>");
        for (ModelInfo m : models) {
            int latest = site.registry.latestNumber(m.name());
            Instant last = m.createdAt();
            if (latest > 0) {
                Instant t = site.registry.findVersion(m.name(), latest).map(ModelVersion::createdAt).orElse(last);
                last = t.isAfter(last) ? t : last;
            }
            Map<String, Integer> aliases = site.registry.aliases(m.name());
            for (String a : aliases.keySet()) {
                Instant t = site.aliasHistory(m.name(), a).latest().map(AliasMove::at).orElse(last);
                last = t.isAfter(last) ? t : last;
            }
            h.raw("<tr><td>").link(modelPath(m.name()), m.name()).raw("</td><td class=\"desc\">").text(m.description())
                    .raw("</td><td>");
            tags(h, m.tags());
            h.raw("</td><td class=\"n\">");
            if (latest > 0) {
                h.link(versionPath(m.name(), latest), "v" + latest);
            }
            h.raw("</td><td>");
            aliasBadges(h, m.name(), aliases);
            h.raw("</td><td data-v=\"").text(last.toString()).raw("\">").text(Html.when(last)).raw("</td></tr>");
        }
        h.raw("</tbody></table></div>");
        return site.page(base, "Models", h, true);
    }

    static void tags(Html h, Map<String, String> tags) {
        boolean first = true;
        for (Map.Entry<String, String> t : new TreeMap<>(tags).entrySet()) {
            if (!first) {
                h.raw(" ");
            }
            first = false;
            h.raw("<span class=\"badge\">").text(t.getKey()).raw("=").text(t.getValue()).raw("</span>");
        }
    }

    private void aliasBadges(Html h, String model, Map<String, Integer> aliases) {
        for (Map.Entry<String, Integer> a : aliases.entrySet()) {
            h.raw("<a class=\"badge alias\" href=\"").raw(h.href(aliasPath(model, a.getKey()))).raw("\">").text(a.getKey())
                    .raw(" → v").num(a.getValue()).raw("</a> ");
        }
    }

    Response model(String model, String pageToken) {
        ModelInfo info = site.registry.modelInfo(model);
        Page<ModelVersion> page = site.registry.versions(model, pageToken, site.pageSize);
        int latest = site.registry.latestNumber(model);
        Html h = new Html(base);
        h.el("h1", model);
        if (!info.description().isEmpty()) {
            h.raw("<p class=\"desc\" id=\"description\">").text(info.description()).raw("</p>");
        }
        h.raw("<dl class=\"meta\"><div><dt>versions</dt><dd>").num(latest).raw("</dd></div><div><dt>created</dt><dd>")
                .text(Html.when(info.createdAt())).raw(" by ").text(info.createdBy()).raw("</dd></div><div><dt>tags</dt><dd>");
        tags(h, info.tags());
        h.raw("</dd></div></dl>");

        Map<String, Integer> aliases = site.registry.aliases(model);
        h.el("h2", "Aliases");
        if (aliases.isEmpty()) {
            h.raw("<p class=\"note\">No alias points at a version of this model.</p>");
        } else {
            h.raw("<p>");
            aliasBadges(h, model, aliases);
            h.raw("</p>");
            Map<String, List<AliasMove>> histories = new LinkedHashMap<>();
            Map<String, String> links = new LinkedHashMap<>();
            int longest = 0;
            for (String a : aliases.keySet()) {
                List<AliasMove> moves = site.aliasHistory(model, a).moves();
                longest = Math.max(longest, moves.size());
                histories.put(a, tail(moves, TIMELINE_MOVES));
                links.put(a, h.href(aliasPath(model, a)));
            }
            h.raw("<div class=\"card\" id=\"alias-timeline\">")
                    .raw(Charts.aliasTimeline(histories, site.clock.instant(), links)).raw("</div>");
            if (longest > TIMELINE_MOVES) {
                h.raw("<p class=\"note\">The timeline shows the last ").num(TIMELINE_MOVES)
                        .raw(" moves of each alias; an alias's page lists its history.</p>");
            }
        }

        h.el("h2", "Versions").raw("<p class=\"note\">Versions ");
        if (!page.items().isEmpty()) {
            h.num(page.items().get(0).number()).raw("–").num(page.items().get(page.items().size() - 1).number());
        }
        h.raw(" of ").num(latest).raw(", oldest first; click a column heading to sort this page.</p>");
        TreeSet<String> metrics = new TreeSet<>();
        for (ModelVersion v : page.items()) {
            metrics.addAll(v.metrics().keySet());
        }
        Map<Integer, List<String>> aliasOf = new TreeMap<>();
        aliases.forEach((a, v) -> aliasOf.computeIfAbsent(v, k -> new java.util.ArrayList<>()).add(a));
        h.raw("<div class=\"scroll\"><table class=\"sortable\" id=\"versions\"><thead><tr><th class=\"n\">Version</th>")
                .raw("<th>Created</th><th>By</th>");
        for (String m : metrics) {
            h.raw("<th class=\"n\">").text(m).raw("</th>");
        }
        h.raw("<th>Tags</th><th>Aliases</th><th>Description</th></tr></thead><tbody>");
        for (ModelVersion v : page.items()) {
            h.raw("<tr><td class=\"n\" data-v=\"").num(v.number()).raw("\">").link(versionPath(model, v.number()), "v" + v.number());
            if (v.archived()) {
                h.raw(" <span class=\"badge\">archived</span>");
            }
            h.raw("</td><td data-v=\"").text(v.createdAt().toString()).raw("\">").text(Html.when(v.createdAt()))
                    .raw("</td><td>").text(v.createdBy()).raw("</td>");
            for (String m : metrics) {
                Double x = v.metrics().get(m);
                h.raw("<td class=\"n\">").text(x == null ? "" : Html.num(x)).raw("</td>");
            }
            h.raw("<td>");
            tags(h, v.tags());
            h.raw("</td><td>");
            for (String a : aliasOf.getOrDefault(v.number(), List.of())) {
                h.raw("<span class=\"badge alias\">").text(a).raw("</span> ");
            }
            h.raw("</td><td class=\"desc\">").text(Charts.abbreviate(v.description(), 120)).raw("</td></tr>");
        }
        h.raw("</tbody></table></div><div class=\"pager\">");
        if (pageToken != null) {
            h.link(modelPath(model), "« first page");
        }
        if (page.hasNext()) {
            h.link(modelPath(model) + "?page=" + url(page.nextPageToken()), "next page »");
        }
        h.raw("</div>");

        h.el("h2", "Compare two versions").raw("<form class=\"inline\" method=\"get\" action=\"")
                .raw(h.href(modelPath(model) + "/compare")).raw("\"><label>from v<input type=\"number\" min=\"1\" name=\"a\" value=\"")
                .num(Math.max(1, latest - 1)).raw("\"></label><label>to v<input type=\"number\" min=\"1\" name=\"b\" value=\"")
                .num(Math.max(1, latest)).raw("\"></label><button type=\"submit\">Compare</button></form>");
        return site.page(base, model, h, true);
    }

    Response alias(String model, String alias, String asOfText) {
        site.registry.modelInfo(model);
        Instant asOf = null;
        if (asOfText != null && !asOfText.isBlank()) {
            try {
                asOf = Instant.parse(asOfText.trim());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("Expected asOf as an ISO-8601 instant such as 2026-01-31T12:00:00Z, found '"
                        + Site.abbreviate(asOfText) + "'");
            }
        }
        AliasHistory history = site.aliasHistory(model, alias);
        OptionalInt now = site.registry.resolve(model, alias);
        Html h = new Html(base);
        h.raw("<h1>").link(modelPath(model), model).raw(" · alias ").text(alias).raw("</h1><dl class=\"meta\"><div><dt>now</dt><dd id=\"now\">");
        if (now.isPresent()) {
            h.link(versionPath(model, now.getAsInt()), "v" + now.getAsInt());
        } else {
            h.raw("(unset)");
        }
        h.raw("</dd></div>");
        if (asOf != null) {
            OptionalInt then = site.registry.alias(model, alias).resolve(asOf);
            h.raw("<div><dt>at ").text(Html.when(asOf)).raw("</dt><dd id=\"as-of\">");
            if (then.isPresent()) {
                h.link(versionPath(model, then.getAsInt()), "v" + then.getAsInt());
            } else {
                h.raw("(unset)");
            }
            h.raw("</dd></div>");
        }
        h.raw("<div><dt>history</dt><dd>").raw(history.isIntact() ? "<span class=\"badge good\">hash chain intact</span>"
                : "<span class=\"badge bad\">hash chain broken</span>").raw("</dd></div></dl>");
        for (String p : history.problems()) {
            h.raw("<div class=\"verdict bad\">").text(p).raw("</div>");
        }
        h.raw("<form class=\"inline\" method=\"get\" action=\"").raw(h.href(aliasPath(model, alias)))
                .raw("\"><label>What did it point at, at <input type=\"text\" name=\"asOf\" placeholder=\"2026-01-31T12:00:00Z\" value=\"")
                .text(asOfText == null ? "" : asOfText).raw("\"></label><button type=\"submit\">Look up</button></form>");
        if (!history.moves().isEmpty()) {
            h.raw("<div class=\"card\">").raw(Charts.aliasTimeline(Map.of(alias, tail(history.moves(), TIMELINE_MOVES)),
                    site.clock.instant(), Map.of())).raw("</div>");
        }
        if (history.moves().size() > ALIAS_PAGE_MOVES) {
            h.raw("<p class=\"note\">The last ").num(ALIAS_PAGE_MOVES).raw(" of ").num(history.moves().size())
                    .raw(" moves (the chart: the last ").num(TIMELINE_MOVES).raw(").</p>");
        }
        h.el("h2", "Moves").raw("<table id=\"moves\"><thead><tr><th class=\"n\">#</th><th>When</th><th>Who</th><th>From</th>")
                .raw("<th>To</th><th>Kind</th><th>Why</th><th>Link</th></tr></thead><tbody>");
        for (AliasMove m : tail(history.moves(), ALIAS_PAGE_MOVES)) {
            h.raw("<tr").raw(m.kind() == AliasMove.Kind.ROLLBACK ? " class=\"rollback\"" : "").raw("><td class=\"n\">")
                    .num(m.sequence()).raw("</td><td>").text(Html.when(m.at())).raw("</td><td>").text(m.actor()).raw("</td><td>");
            versionOrUnset(h, model, m.from());
            h.raw("</td><td>");
            versionOrUnset(h, model, m.to());
            h.raw("</td><td>").raw(m.kind() == AliasMove.Kind.ROLLBACK ? "<span class=\"badge bad\">rollback</span>" : "move")
                    .raw("</td><td class=\"desc\">").text(m.reason()).raw("</td><td>")
                    .link(aliasPath(model, alias) + "?asOf=" + url(m.at().toString()), "as of then").raw("</td></tr>");
        }
        h.raw("</tbody></table>");
        return site.page(base, model + " · " + alias, h, false);
    }

    private static void versionOrUnset(Html h, String model, OptionalInt v) {
        if (v.isPresent()) {
            h.link(versionPath(model, v.getAsInt()), "v" + v.getAsInt());
        } else {
            h.raw("(unset)");
        }
    }

    Response compare(String model, int a, int b) {
        VersionComparison c = site.registry.compare(model, a, b);
        Html h = new Html(base);
        h.raw("<h1>").link(modelPath(model), model).raw(": ").link(versionPath(model, a), "v" + a).raw(" → ")
                .link(versionPath(model, b), "v" + b).raw("</h1>");
        if (c.isIdentical()) {
            h.raw("<div class=\"verdict good\">The versions are identical in everything compared.</div>");
        }
        h.raw("<p>Artifact bytes: ").raw(c.artifactChanged() ? "<strong>differ</strong>" : "identical").raw("</p>");
        changes(h, "Parameters", "params", c.params());
        changes(h, "Metrics", "metrics", c.metrics());
        changes(h, "Tags", "tags", c.tags());
        h.el("h2", "Signature");
        lines(h, "signature", c.signature(), "The signatures are equal.");
        h.el("h2", "Lineage");
        lines(h, "lineage", c.lineage(), "The lineage is equal.");
        return site.page(base, model + " v" + a + " → v" + b, h, false);
    }

    static void lines(Html h, String id, List<String> lines, String none) {
        if (lines.isEmpty()) {
            h.raw("<p class=\"note\">").text(none).raw("</p>");
            return;
        }
        h.raw("<ul id=\"").raw(id).raw("\">");
        for (String l : lines) {
            h.raw("<li>").text(l).raw("</li>");
        }
        h.raw("</ul>");
    }

    static void changes(Html h, String title, String id, Map<String, VersionComparison.Change> changes) {
        h.el("h2", title);
        if (changes.isEmpty()) {
            h.raw("<p class=\"note\">No differences.</p>");
            return;
        }
        h.raw("<table id=\"").raw(id).raw("\"><thead><tr><th>Key</th><th class=\"n\">Before</th><th class=\"n\">After</th>")
                .raw("<th class=\"n\">Change</th></tr></thead><tbody>");
        for (Map.Entry<String, VersionComparison.Change> e : new TreeMap<>(changes).entrySet()) {
            VersionComparison.Change ch = e.getValue();
            h.raw("<tr><td>").text(e.getKey()).raw("</td><td class=\"n before\">").text(ch.before().map(Html::value).orElse("—"))
                    .raw("</td><td class=\"n after\">").text(ch.after().map(Html::value).orElse("—")).raw("</td><td class=\"n\">")
                    .text(ch.delta().map(d -> (d >= 0 ? "+" : "") + Html.num(d)).orElse("")).raw("</td></tr>");
        }
        h.raw("</tbody></table>");
    }
}
