package dev.mlops.ui.internal;

import dev.mlops.registry.Artifact;
import dev.mlops.registry.AttachmentInfo;
import dev.mlops.registry.MetadataEdit;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.dataset.DatasetRef;
import dev.mlops.registry.dataset.DatasetVersion;
import dev.mlops.registry.onnx.ValueInfo;
import dev.mlops.registry.onnx.ValueType;
import dev.mlops.registry.spi.Page;
import dev.mlops.registry.spi.RegistryException;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.mlops.ui.internal.ModelPages.modelPath;
import static dev.mlops.ui.internal.ModelPages.versionPath;

/** A model version's page. Thread-safe (stateless). */
final class VersionPage {
    private final Site site;
    private final String base;

    VersionPage(Site site, String base) {
        this.site = site;
        this.base = base;
    }

    Response render(String model, int number, boolean verify) {
        ModelVersion v = site.registry.version(model, number);
        Html h = new Html(base);
        h.raw("<h1>").link(modelPath(model), model).raw(" · v").num(number);
        if (v.archived()) {
            h.raw(" <span class=\"badge\">archived</span>");
        }
        h.raw("</h1>");
        if (!v.description().isEmpty()) {
            h.raw("<p class=\"desc\" id=\"description\">").text(v.description()).raw("</p>");
        }
        List<String> aliases = new ArrayList<>();
        site.registry.aliases(model).forEach((a, n) -> {
            if (n == number) {
                aliases.add(a);
            }
        });
        h.raw("<dl class=\"meta\"><div><dt>created</dt><dd>").text(Html.when(v.createdAt())).raw("</dd></div><div><dt>by</dt><dd>")
                .text(v.createdBy()).raw("</dd></div><div><dt>format</dt><dd>").text(v.format()).raw("</dd></div><div><dt>size</dt><dd>")
                .num(v.artifact().size()).raw(" bytes").raw(v.artifact().kind() == Artifact.Kind.DIRECTORY
                        ? ", " + v.artifact().fileCount() + " files" : "").raw("</dd></div><div><dt>aliases</dt><dd>");
        for (String a : aliases) {
            h.raw("<a class=\"badge alias\" href=\"").raw(h.href(ModelPages.aliasPath(model, a))).raw("\">").text(a).raw("</a> ");
        }
        h.raw("</dd></div></dl><dl class=\"meta\"><div><dt>digest</dt><dd class=\"mono\" id=\"digest\">")
                .text(v.artifact().digest().toString()).raw("</dd></div><div><dt>verification</dt><dd id=\"verification\">");
        if (verify) {
            h.raw(verifyArtifact(v));
        } else {
            h.link(versionPath(model, number) + "?verify=1", "re-hash the artifact now");
        }
        h.raw("</dd></div></dl>");
        v.origin().ifPresent(o -> h.raw("<p class=\"note\">Imported: ").text(o.toString()).raw("</p>"));

        h.el("h2", "Signature");
        if (v.signature().isEmpty()) {
            h.raw("<p class=\"note\">No signature (not an ONNX model).</p>");
        } else {
            h.raw("<table id=\"signature\"><thead><tr><th></th><th>Name</th><th>Type</th><th>Element</th><th>Shape</th></tr></thead><tbody>");
            signatureRows(h, "input", v.signature().inputs());
            signatureRows(h, "output", v.signature().outputs());
            h.raw("</tbody></table>");
        }
        h.el("h2", "Parameters");
        keyValues(h, "params", v.params());
        h.el("h2", "Metrics");
        keyValues(h, "metrics", v.metrics());
        h.el("h2", "Tags");
        keyValues(h, "tags", v.tags());

        h.el("h2", "Lineage");
        lineage(h, v);

        h.el("h2", "Attachments");
        List<AttachmentInfo> attachments = site.registry.attachments(model, number);
        if (attachments.isEmpty()) {
            h.raw("<p class=\"note\">None.</p>");
        } else {
            h.raw("<table id=\"attachments\"><thead><tr><th>Name</th><th class=\"n\">Bytes</th><th>Attached</th><th>By</th>")
                    .raw("<th>Digest</th></tr></thead><tbody>");
            for (AttachmentInfo a : attachments) {
                h.raw("<tr><td>").link(attachmentPath(model, number, a.name()), a.name()).raw("</td><td class=\"n\">").num(a.size())
                        .raw("</td><td>").text(Html.when(a.createdAt())).raw("</td><td>").text(a.createdBy())
                        .raw("</td><td class=\"mono\">").text(a.digest().toString()).raw("</td></tr>");
            }
            h.raw("</tbody></table>");
            new Attachments(site, base).inline(h, model, number, attachments);
        }

        h.el("h2", "Edits");
        List<MetadataEdit> edits = site.registry.versionEdits(model, number);
        if (edits.isEmpty()) {
            h.raw("<p class=\"note\">The description and tags are as registered.</p>");
        } else {
            h.raw("<table id=\"edits\"><thead><tr><th>When</th><th>Who</th><th>Field</th><th>Before</th><th>After</th></tr></thead><tbody>");
            for (MetadataEdit e : edits) {
                h.raw("<tr><td>").text(Html.when(e.at())).raw("</td><td>").text(e.by()).raw("</td><td>").text(e.field())
                        .raw("</td><td class=\"before desc\">").text(e.before().orElse("—")).raw("</td><td class=\"after desc\">")
                        .text(e.after().orElse("—")).raw("</td></tr>");
            }
            h.raw("</tbody></table>");
        }
        return site.page(base, v.id(), h, false);
    }

    static String attachmentPath(String model, int number, String name) {
        return versionPath(model, number) + "/attachments/" + Html.url(name);
    }

    private String verifyArtifact(ModelVersion v) {
        if (v.artifact().kind() == Artifact.Kind.DIRECTORY) {
            return "<span class=\"note\">a directory artifact: run the store check on the Store health page</span>";
        }
        try (InputStream in = site.registry.openArtifact(v.model(), v.number())) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return "<span class=\"badge good\">bytes match the digest</span>";
        } catch (IOException | RegistryException e) {
            return "<span class=\"badge bad\">" + Html.esc("failed: " + e.getMessage()) + "</span>";
        }
    }

    private static void signatureRows(Html h, String kind, List<ValueInfo> values) {
        for (ValueInfo vi : values) {
            ValueType t = vi.type();
            String element = t instanceof ValueType.Tensor tt ? tt.elementType().toString()
                    : t instanceof ValueType.SparseTensor st ? st.elementType().toString() : "";
            String type = t instanceof ValueType.Tensor ? "tensor" : t instanceof ValueType.SparseTensor ? "sparse tensor"
                    : t.describe();
            h.raw("<tr><td>").text(kind).raw("</td><td class=\"mono\">").text(vi.name()).raw("</td><td>").text(type)
                    .raw("</td><td>").text(element).raw("</td><td class=\"mono\">[").text(String.join(", ", vi.shapeStrings()))
                    .raw("]</td></tr>");
        }
    }

    static void keyValues(Html h, String id, Map<String, ?> values) {
        if (values.isEmpty()) {
            h.raw("<p class=\"note\">None.</p>");
            return;
        }
        h.raw("<table id=\"").raw(id).raw("\"><tbody>");
        for (Map.Entry<String, ?> e : new TreeMap<>(values).entrySet()) {
            h.raw("<tr><td>").text(e.getKey()).raw("</td><td class=\"desc\">").text(Html.value(e.getValue())).raw("</td></tr>");
        }
        h.raw("</tbody></table>");
    }

    private void lineage(Html h, ModelVersion v) {
        String self = v.id();
        List<Map.Entry<String, String>> edges = new ArrayList<>();
        List<Charts.Node> data = new ArrayList<>();
        List<Charts.Node> direct = new ArrayList<>();  // run and parent: straight into this version
        String run = v.lineage().runId().map(r -> "run " + r).orElse(null);
        for (DatasetRef d : v.lineage().datasets()) {
            String label = d.name() + ":" + d.version();
            data.add(new Charts.Node(label, "data set, " + d.role(), h.href(DatasetPages.versionPath(d.name(), d.version())), false));
            edges.add(Map.entry(label, run != null ? run : self));
        }
        if (run != null) {
            direct.add(new Charts.Node(run, "experiment run", h.href(RunPages.runPath(v.lineage().runId().get())), false));
            edges.add(Map.entry(run, self));
        }
        v.lineage().parentVersion().ifPresent(p -> {
            String label = v.model() + ":" + p;
            direct.add(new Charts.Node(label, "parent version", h.href(versionPath(v.model(), p)), false));
            edges.add(Map.entry(label, self));
        });
        List<Charts.Node> outputs = new ArrayList<>();
        Page<DatasetVersion> out = site.registry.datasets().outputsOf(v.model(), v.number(), null, 20);
        for (DatasetVersion d : out.items()) {
            outputs.add(new Charts.Node(d.id(), "data set derived from it", h.href(DatasetPages.versionPath(d.name(), d.number())),
                    false));
            edges.add(Map.entry(self, d.id()));
        }
        String code = v.lineage().codeRevision().map(c -> "code " + c).orElse("by " + v.createdBy());
        List<List<Charts.Node>> columns = new ArrayList<>();
        if (run == null) {
            data.addAll(direct);
            direct.clear();
        }
        if (!data.isEmpty()) {
            columns.add(data);
        }
        if (!direct.isEmpty()) {
            columns.add(direct);
        }
        columns.add(List.of(new Charts.Node(self, code, null, true)));
        if (!outputs.isEmpty()) {
            columns.add(outputs);
        }
        if (columns.size() == 1) {
            h.raw("<p class=\"note\">No lineage recorded.</p>");
            return;
        }
        h.raw("<div class=\"card\" id=\"lineage\">").raw(Charts.lineage("Lineage of " + self, columns, edges)).raw("</div>");
        v.lineage().codeRevision().ifPresent(c -> h.raw("<p>Code revision: <span class=\"mono\">").text(c).raw("</span></p>"));
        if (out.hasNext()) {
            h.raw("<p class=\"note\">More than 20 data set versions derive from it; the graph shows the first 20.</p>");
        }
    }
}
