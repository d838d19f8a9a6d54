package dev.mlops.ui.internal;

import dev.mlops.registry.dataset.CsvSchema;
import dev.mlops.registry.dataset.DatasetDiff;
import dev.mlops.registry.dataset.DatasetFile;
import dev.mlops.registry.dataset.DatasetRef;
import dev.mlops.registry.dataset.DatasetUsage;
import dev.mlops.registry.dataset.DatasetVersion;
import dev.mlops.registry.maintenance.VerifyReport;
import dev.mlops.registry.spi.Page;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.mlops.ui.internal.Html.url;

/** Data sets (list, versions, one version with files and lineage, diff) and the store health page. Thread-safe. */
final class DatasetPages {
    /** Most files a data set version page lists. */
    static final int MAX_FILES = 500;
    private final Site site;
    private final String base;

    DatasetPages(Site site, String base) {
        this.site = site;
        this.base = base;
    }

    static String datasetPath(String name) {
        return "/datasets/" + url(name);
    }

    static String versionPath(String name, int n) {
        return datasetPath(name) + "/versions/" + n;
    }

    Response list() {
        Html h = new Html(base);
        List<String> names = site.registry.datasets().names();
        h.el("h1", "Data sets").raw("<table class=\"sortable\" id=\"datasets\"><thead><tr><th>Data set</th><th class=\"n\">Latest</th>")
                .raw("<th>Added</th><th>By</th><th class=\"n\">Rows</th><th>Description</th></tr></thead><tbody>");
        for (String n : names) {
            Optional<DatasetVersion> latest = site.registry.datasets().latest(n);
            h.raw("<tr><td>").link(datasetPath(n), n).raw("</td>");
            if (latest.isPresent()) {
                DatasetVersion d = latest.get();
                h.raw("<td class=\"n\">").link(versionPath(n, d.number()), "v" + d.number()).raw("</td><td>").text(Html.when(d.createdAt()))
                        .raw("</td><td>").text(d.createdBy()).raw("</td><td class=\"n\">")
                        .text(d.csv().map(c -> Long.toString(c.rowCount())).orElse("")).raw("</td><td class=\"desc\">")
                        .text(d.description()).raw("</td>");
            } else {
                h.raw("<td></td><td></td><td></td><td></td><td></td>");
            }
            h.raw("</tr>");
        }
        h.raw("</tbody></table>");
        return site.page(base, "Data sets", h, true);
    }

    Response dataset(String name) {
        List<DatasetVersion> versions = site.registry.datasets().versions(name);
        if (versions.isEmpty()) {
            throw new dev.mlops.registry.spi.NotFoundException("No data set '" + name + "'");
        }
        Html h = new Html(base);
        h.el("h1", "Data set " + name).raw("<table class=\"sortable\" id=\"versions\"><thead><tr><th class=\"n\">Version</th>")
                .raw("<th>Added</th><th>By</th><th class=\"n\">Bytes</th><th class=\"n\">Files</th><th class=\"n\">Rows</th>")
                .raw("<th>Derived from</th><th>Description</th></tr></thead><tbody>");
        for (DatasetVersion d : versions) {
            h.raw("<tr><td class=\"n\" data-v=\"").num(d.number()).raw("\">").link(versionPath(name, d.number()), "v" + d.number())
                    .raw(d.archived() ? " <span class=\"badge\">archived</span>" : "").raw("</td><td>").text(Html.when(d.createdAt()))
                    .raw("</td><td>").text(d.createdBy()).raw("</td><td class=\"n\">").num(d.artifact().size()).raw("</td><td class=\"n\">")
                    .num(d.artifact().fileCount()).raw("</td><td class=\"n\">").text(d.csv().map(c -> Long.toString(c.rowCount())).orElse(""))
                    .raw("</td><td>");
            for (DatasetRef in : d.lineage().inputs()) {
                h.link(versionPath(in.name(), in.version()), in.name() + ":" + in.version()).raw(" ");
            }
            d.lineage().model().ifPresent(m -> h.raw("model ").link(ModelPages.versionPath(m.model(), m.version()),
                    m.model() + ":" + m.version()));
            h.raw("</td><td class=\"desc\">").text(d.description()).raw("</td></tr>");
        }
        h.raw("</tbody></table>");
        if (versions.size() > 1) {
            h.el("h2", "Diff two versions").raw("<form class=\"inline\" method=\"get\" action=\"").raw(h.href(datasetPath(name) + "/diff"))
                    .raw("\"><label>from v<input type=\"number\" min=\"1\" name=\"from\" value=\"").num(versions.size() - 1)
                    .raw("\"></label><label>to v<input type=\"number\" min=\"1\" name=\"to\" value=\"").num(versions.size())
                    .raw("\"></label><button type=\"submit\">Diff</button></form>");
        }
        return site.page(base, "Data set " + name, h, true);
    }

    Response version(String name, int number) {
        DatasetVersion d = site.registry.datasets().version(name, number);
        Html h = new Html(base);
        h.raw("<h1>Data set ").link(datasetPath(name), name).raw(" · v").num(number).raw("</h1>");
        if (!d.description().isEmpty()) {
            h.raw("<p class=\"desc\" id=\"description\">").text(d.description()).raw("</p>");
        }
        h.raw("<dl class=\"meta\"><div><dt>added</dt><dd>").text(Html.when(d.createdAt())).raw("</dd></div><div><dt>by</dt><dd>")
                .text(d.createdBy()).raw("</dd></div><div><dt>size</dt><dd>").num(d.artifact().size()).raw(" bytes, ")
                .num(d.artifact().fileCount()).raw(" files</dd></div><div><dt>digest</dt><dd class=\"mono\">")
                .text(d.artifact().digest().toString()).raw("</dd></div></dl>");
        if (number > 1) {
            h.raw("<p>").link(datasetPath(name) + "/diff?from=" + (number - 1) + "&to=" + number, "diff with v" + (number - 1)).raw("</p>");
        }
        if (d.csv().isPresent()) {
            CsvSchema c = d.csv().get();
            h.el("h2", "Columns").raw("<p class=\"note\">").num(c.rowCount()).raw(" rows.</p><table id=\"columns\"><thead><tr>")
                    .raw("<th>Column</th><th>Type</th><th class=\"n\">Missing</th></tr></thead><tbody>");
            for (CsvSchema.Column col : c.columns()) {
                h.raw("<tr><td>").text(col.name()).raw("</td><td>").text(col.type()).raw("</td><td class=\"n\">").num(col.missing())
                        .raw("</td></tr>");
            }
            h.raw("</tbody></table>");
        }
        h.el("h2", "Files");
        List<DatasetFile> files = site.registry.datasets().files(name, number);
        h.raw("<table id=\"files\"><thead><tr><th>Path</th><th class=\"n\">Bytes</th><th>Digest</th></tr></thead><tbody>");
        for (DatasetFile f : files.subList(0, Math.min(files.size(), MAX_FILES))) {
            h.raw("<tr><td class=\"mono\">").text(f.path()).raw("</td><td class=\"n\">").num(f.size()).raw("</td><td class=\"mono\">")
                    .text(f.digest().toString()).raw("</td></tr>");
        }
        h.raw("</tbody></table>");
        if (files.size() > MAX_FILES) {
            h.raw("<p class=\"note\">The first ").num(MAX_FILES).raw(" of ").num(files.size()).raw(" files.</p>");
        }

        h.el("h2", "Lineage");
        DatasetUsage usage = site.registry.datasets().usage(name, number);
        List<Charts.Node> from = new ArrayList<>();
        for (DatasetRef in : d.lineage().inputs()) {
            from.add(new Charts.Node(in.name() + ":" + in.version(), "data set, " + in.role(),
                    h.href(versionPath(in.name(), in.version())), false));
        }
        d.lineage().model().ifPresent(m -> from.add(new Charts.Node(m.model() + ":" + m.version(), "model version",
                h.href(ModelPages.versionPath(m.model(), m.version())), false)));
        d.lineage().runId().ifPresent(r -> from.add(new Charts.Node("run " + r, "run", h.href(RunPages.runPath(r)), false)));
        List<Charts.Node> to = new ArrayList<>();
        for (String mv : usage.modelVersions()) {
            int colon = mv.lastIndexOf(':');
            to.add(new Charts.Node(mv, "model version", colon > 0 ? h.href(ModelPages.versionPath(mv.substring(0, colon),
                    Integer.parseInt(mv.substring(colon + 1)))) : null, false));
        }
        for (String r : usage.runs()) {
            to.add(new Charts.Node("run " + r, "read it", h.href(RunPages.runPath(r)), false));
        }
        for (String dv : usage.derivedDatasets()) {
            int colon = dv.lastIndexOf(':');
            to.add(new Charts.Node(dv, "data set derived from it", colon > 0 ? h.href(versionPath(dv.substring(0, colon),
                    Integer.parseInt(dv.substring(colon + 1)))) : null, false));
        }
        List<java.util.Map.Entry<String, String>> edges = new ArrayList<>();
        from.forEach(n -> edges.add(java.util.Map.entry(n.label(), d.id())));
        to.forEach(n -> edges.add(java.util.Map.entry(d.id(), n.label())));
        List<List<Charts.Node>> cols = new ArrayList<>();
        if (!from.isEmpty()) {
            cols.add(from);
        }
        cols.add(List.of(new Charts.Node(d.id(), d.lineage().transform().orElse("this version"), null, true)));
        if (!to.isEmpty()) {
            cols.add(to);
        }
        if (cols.size() == 1) {
            h.raw("<p class=\"note\">Nothing recorded: no inputs, and no model, run or data set uses it.</p>");
        } else {
            h.raw("<div class=\"card\" id=\"lineage\">").raw(Charts.lineage("Lineage of " + d.id(), cols, edges)).raw("</div>");
        }
        d.lineage().transform().ifPresent(t -> h.raw("<p>Transform: ").text(t).raw("</p>"));
        d.lineage().codeRevision().ifPresent(c -> h.raw("<p>Code revision: <span class=\"mono\">").text(c).raw("</span></p>"));
        return site.page(base, d.id(), h, false);
    }

    Response diff(String name, int from, int to) {
        DatasetDiff diff = site.registry.datasets().diff(name, from, to);
        Html h = new Html(base);
        h.raw("<h1>Data set ").link(datasetPath(name), name).raw(": ").link(versionPath(name, from), "v" + from).raw(" → ")
                .link(versionPath(name, to), "v" + to).raw("</h1>");
        if (diff.isEmpty()) {
            h.raw("<div class=\"verdict good\">The versions hold the same files.</div>");
        }
        section(h, "Added", "added", diff.added());
        section(h, "Removed", "removed", diff.removed());
        section(h, "Changed", "changed", diff.changed());
        return site.page(base, name + " v" + from + " → v" + to, h, false);
    }

    private static void section(Html h, String title, String id, List<String> paths) {
        h.el("h2", title + " (" + paths.size() + ")");
        ModelPages.lines(h, id, paths.subList(0, Math.min(paths.size(), MAX_FILES)), "None.");
    }

    Response health(boolean verify) {
        Html h = new Html(base);
        h.el("h1", "Store health").raw("<dl class=\"meta\"><div><dt>store</dt><dd>").text(site.store).raw("</dd></div><div><dt>models</dt><dd>")
                .num(site.registry.models().size()).raw("</dd></div><div><dt>data sets</dt><dd>")
                .num(site.registry.datasets().names().size()).raw("</dd></div></dl>");
        if (!verify) {
            h.raw("<p>The check re-hashes every blob and reads every record; on a large store it takes a while.</p><p>")
                    .link("/health?verify=1", "Run the store check now").raw("</p>");
            return site.page(base, "Store health", h, false);
        }
        VerifyReport r = site.registry.maintenance().verify();
        h.raw("<div class=\"verdict ").raw(r.isClean() ? "good" : "bad").raw("\" id=\"verify\">")
                .text(r.isClean() ? "Clean: no problem found" : r.problems().size() + " problems found").raw("</div>")
                .raw("<dl class=\"meta\"><div><dt>blobs checked</dt><dd>").num(r.blobsChecked()).raw("</dd></div><div><dt>bytes</dt><dd>")
                .num(r.bytesChecked()).raw("</dd></div><div><dt>records</dt><dd>").num(r.recordsChecked())
                .raw("</dd></div><div><dt>unreferenced blobs</dt><dd>").num(r.unreferencedBlobs()).raw(" (").num(r.unreferencedBytes())
                .raw(" bytes; garbage collection reclaims them)</dd></div></dl>");
        if (!r.problems().isEmpty()) {
            h.raw("<table id=\"problems\"><thead><tr><th>Kind</th><th>Subject</th><th>Problem</th></tr></thead><tbody>");
            for (VerifyReport.Problem p : r.problems()) {
                h.raw("<tr><td>").text(p.kind().name()).raw("</td><td class=\"mono\">").text(p.subject()).raw("</td><td>")
                        .text(p.message()).raw("</td></tr>");
            }
            h.raw("</tbody></table>");
        }
        return site.page(base, "Store health", h, false);
    }
}
