package dev.mlops.ui.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.mlops.monitoring.DriftResult;
import dev.mlops.monitoring.FeatureDrift;
import dev.mlops.monitoring.ReferenceProfile;
import dev.mlops.monitoring.report.HtmlDriftReport;
import dev.mlops.registry.AttachmentInfo;
import dev.mlops.registry.spi.NotFoundException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Attachments of a model version, shown for what they are: a stored drift result is rendered as the HTML drift
 * report (against the version's reference profile) in a sandboxed frame, a reference profile as a table of its
 * features; anything else is offered as a download. Thread-safe (stateless).
 */
final class Attachments {
    /** Largest attachment this view parses or serves. */
    static final int MAX_BYTES = 32 << 20;
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addModule(new SimpleModule().addDeserializer(Instant.class, new StdDeserializer<Instant>(Instant.class) {
                @Override
                public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                    return Instant.parse(p.getValueAsString());
                }
            }))
            .build();
    private final Site site;
    private final String base;

    Attachments(Site site, String base) {
        this.site = site;
        this.base = base;
    }

    /** What an attachment holds. */
    private enum Kind { DRIFT, PROFILE, OTHER }

    private record Content(Kind kind, byte[] bytes, JsonNode json) {
    }

    private Content read(String model, int version, AttachmentInfo info) {
        if (info.size() > MAX_BYTES) {
            return new Content(Kind.OTHER, null, null);
        }
        byte[] bytes;
        try (InputStream in = site.registry.openAttachment(model, version, info.name()).orElseThrow(
                () -> new NotFoundException("No attachment '" + info.name() + "' on " + model + ":" + version))) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new dev.mlops.registry.spi.RegistryException("cannot read attachment " + info.name() + ": " + e.getMessage(), e);
        }
        if (!info.name().endsWith(".json")) {
            return new Content(Kind.OTHER, bytes, null);
        }
        try {
            JsonNode n = MAPPER.readTree(bytes);
            if (n != null && n.isObject()) {
                if (ReferenceProfile.FORMAT.equals(n.path("format").asText())) {
                    return new Content(Kind.PROFILE, bytes, n);
                }
                if (n.has("drifted_features") && n.has("features")) {
                    return new Content(Kind.DRIFT, bytes, n);
                }
            }
        } catch (IOException e) {
            // not JSON after all: a plain download
        }
        return new Content(Kind.OTHER, bytes, null);
    }

    /** The sections the version page shows for its attachments. */
    void inline(Html h, String model, int version, List<AttachmentInfo> attachments) {
        for (AttachmentInfo a : attachments) {
            try {
                inlineOne(h, model, version, a);
            } catch (dev.mlops.monitoring.MonitoringException | IllegalArgumentException e) {
                h.raw("<h3>").text(a.name()).raw("</h3><div class=\"verdict bad\">").text("Cannot show this attachment: "
                        + e.getMessage()).raw("</div>");
            }
        }
    }

    private void inlineOne(Html h, String model, int version, AttachmentInfo a) {
        Content c = read(model, version, a);
        if (c.kind() == Kind.DRIFT) {
            DriftResult r = driftResult(c.json());
            h.raw("<h3>").text(a.name()).raw("</h3><div class=\"verdict ").raw(r.drifted() ? "bad" : "good")
                    .raw("\" id=\"drift-verdict\">").text(r.drifted()
                            ? "Drift detected in " + r.driftedFeatures().size() + " of " + r.features().size()
                            + " features: " + String.join(", ", r.driftedFeatures())
                            : "No drift: 0 of " + r.features().size() + " features drifted").raw("</div>")
                    .raw("<iframe class=\"report\" sandbox=\"\" title=\"").text("drift report " + a.name())
                    .raw("\" src=\"").raw(h.href(VersionPage.attachmentPath(model, version, a.name()))).raw("\"></iframe>");
        } else if (c.kind() == Kind.PROFILE) {
            ReferenceProfile p = ReferenceProfile.fromJson(c.bytes());
            h.raw("<h3>").text(a.name()).raw("</h3>");
            profileTable(h, p);
        }
    }

    private static DriftResult driftResult(JsonNode n) {
        try {
            return MAPPER.treeToValue(n, DriftResult.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("The attachment looks like a drift result but cannot be read: " + e.getMessage(), e);
        }
    }

    static void profileTable(Html h, ReferenceProfile p) {
        h.raw("<p class=\"note\">Reference profile of ").num(p.rowCount()).raw(" rows, ").num(p.features().size())
                .raw(" features.</p><div class=\"scroll\"><table class=\"sortable\" id=\"profile\"><thead><tr><th>Feature</th>")
                .raw("<th>Kind</th><th>Role</th><th class=\"n\">Count</th><th class=\"n\">Missing</th><th class=\"n\">p5</th>")
                .raw("<th class=\"n\">p50</th><th class=\"n\">p95</th><th class=\"n\">Categories</th></tr></thead><tbody>");
        for (ReferenceProfile.FeatureProfile f : p.features()) {
            h.raw("<tr><td>").text(f.name()).raw("</td><td>").text(String.valueOf(f.kind()).toLowerCase(java.util.Locale.ROOT))
                    .raw("</td><td>").text(String.valueOf(f.role()).toLowerCase(java.util.Locale.ROOT)).raw("</td><td class=\"n\">")
                    .num(f.count()).raw("</td><td class=\"n\">").num(f.missing()).raw("</td>");
            for (String q : new String[] {"5", "50", "95"}) {
                Double v = quantile(f.quantiles(), q);
                h.raw("<td class=\"n\">").text(v == null ? "" : Html.num(v)).raw("</td>");
            }
            h.raw("<td class=\"n\">").text(f.categories().isEmpty() ? "" : Integer.toString(f.categories().size())).raw("</td></tr>");
        }
        h.raw("</tbody></table></div>");
    }

    private static Double quantile(Map<String, Double> qs, String q) {
        for (Map.Entry<String, Double> e : qs.entrySet()) {
            try {
                if (Double.parseDouble(e.getKey().replace("p", "")) == Double.parseDouble(q)) {
                    return e.getValue();
                }
            } catch (NumberFormatException ignored) {
                // a key of another form
            }
        }
        return null;
    }

    /** The attachment's own URL: a rendered drift report, a profile page or the bytes as a download. */
    Response render(String model, int version, String name) {
        AttachmentInfo info = site.registry.attachment(model, version, name).orElseThrow(
                () -> new NotFoundException("No attachment '" + name + "' on " + model + ":" + version));
        Content c = read(model, version, info);
        switch (c.kind()) {
            case DRIFT -> {
                DriftResult r = driftResult(c.json());
                Optional<ReferenceProfile> profile = ReferenceProfile.fromRegistry(site.registry, model, version);
                String html = profile.isPresent() && profileCovers(profile.get(), r)
                        ? HtmlDriftReport.builder(profile.get(), r).title(model + " v" + version + ": " + name).build().render()
                        : statisticsOnly(model, version, name, r);
                return new Response(200, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8),
                        Layout.REPORT_CSP, Map.of());
            }
            case PROFILE -> {
                Html h = new Html(base);
                h.raw("<h1>").link(VersionPage.attachmentPath(model, version, name).replaceFirst("/attachments/.*$", ""),
                        model + " v" + version).raw(" · ").text(name).raw("</h1>");
                profileTable(h, ReferenceProfile.fromJson(c.bytes()));
                return site.page(base, name, h, true);
            }
            default -> {
                if (c.bytes() == null) {
                    return site.error(base, 413, "Too large", "The attachment is " + info.size() + " bytes; this view serves at most "
                            + MAX_BYTES + ". Use the API or the command line.");
                }
                return new Response(200, "application/octet-stream", c.bytes(), "default-src 'none'; sandbox",
                        Map.of("Content-Disposition", "attachment; filename=\"" + name.replaceAll("[^a-z0-9._-]", "_") + "\""));
            }
        }
    }

    private static boolean profileCovers(ReferenceProfile p, DriftResult r) {
        for (FeatureDrift f : r.features()) {
            if (!p.featureNames().contains(f.name())) {
                return false;
            }
        }
        return true;
    }

    /** A drift result without its reference profile: the statistics table only, in the report's look. */
    private static String statisticsOnly(String model, int version, String name, DriftResult r) {
        Html h = new Html("");
        h.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").text(name).raw("</title><style>")
                .raw("body{font:14px/1.45 system-ui,sans-serif;margin:16px;color:#222}table{border-collapse:collapse}")
                .raw("td,th{padding:3px 8px;border-bottom:1px solid #eee}.bad{color:#8a1c1c;font-weight:600}</style></head><body><h1>")
                .text(model + " v" + version + ": " + name).raw("</h1><p>No reference profile is attached to this version, so ")
                .raw("the statistics are shown without histograms.</p><table><thead><tr><th>Feature</th><th>PSI</th><th>KS p</th>")
                .raw("<th>Drifted</th></tr></thead><tbody>");
        for (FeatureDrift f : r.features()) {
            h.raw("<tr><td>").text(f.name()).raw("</td><td>").text(f.psi() == null ? "" : Html.num(f.psi())).raw("</td><td>")
                    .text(f.ksPValue() == null ? "" : Html.num(f.ksPValue())).raw("</td><td").raw(f.drifted() ? " class=\"bad\">yes" : ">no")
                    .raw("</td></tr>");
        }
        return h.raw("</tbody></table></body></html>").toString();
    }
}
