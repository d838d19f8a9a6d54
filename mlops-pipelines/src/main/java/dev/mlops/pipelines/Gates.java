package dev.mlops.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.monitoring.checks.CheckReport;
import dev.mlops.monitoring.checks.CheckSuite;
import dev.mlops.serving.endpoint.Endpoint;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The built-in gates, as {@link Step}s: data checks with a minimum % passed, the metric gate (candidate vs champion,
 * scored), the endpoint test gate (staging outputs checked) and the approval gate. Gates that concern a model version
 * read it from run parameter {@value #VERSION_PARAM}. Stateless and thread-safe.
 */
public final class Gates {
    /** The run parameter naming the candidate version. */
    public static final String VERSION_PARAM = "version";
    /** The run parameter naming an existing approval to use instead of filing a request. */
    public static final String APPROVAL_PARAM = "approval";

    private Gates() {
    }

    /** Data checks that must all pass (100 %). */
    public static Step dataCheck(CheckSuite suite, TableSource data) {
        return dataCheck(suite, data, 100.0);
    }

    /**
     * Runs {@code suite} on {@code data}; passes when the % of checks passed is at least {@code minPercent}. Outputs:
     * {@code percent_passed, min_percent, passed_count, total, passed, report} (the full {@link CheckReport}).
     */
    public static Step dataCheck(CheckSuite suite, TableSource data, double minPercent) {
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(data, "data");
        if (!(minPercent >= 0 && minPercent <= 100)) {
            throw new IllegalArgumentException("minPercent is in [0, 100], found " + minPercent);
        }
        return ctx -> {
            CheckReport report = suite.run(data.load(ctx));
            boolean passed = report.percentPassed() >= minPercent;
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("percent_passed", report.percentPassed());
            out.put("min_percent", minPercent);
            out.put("passed_count", report.passedCount());
            out.put("total", report.total());
            out.put("passed", passed);
            out.put("report", report);
            for (String line : report.toText().split("\n")) {
                ctx.log(line);
            }
            return passed ? StepResult.ok(out) : StepResult.failed(String.format(
                    "%d of %d data checks passed (%.1f%%), below the required %.1f%%", report.passedCount(),
                    report.total(), report.percentPassed(), minPercent), out);
        };
    }

    /** A metric gate builder (see {@link MetricGate}). */
    public static MetricGate.Builder metric(String model, String championAlias) {
        return MetricGate.builder(model, championAlias);
    }

    /** An endpoint test gate builder (see {@link EndpointTest}). */
    public static EndpointTest.Builder endpointTest(String model, Endpoint endpoint, String variant) {
        return EndpointTest.builder(model, endpoint, variant);
    }

    /**
     * The approval gate: on first run files an approval request for {@code action} on {@code model} version
     * {@value #VERSION_PARAM}, requested by the run's actor, with the outputs of {@code evidenceSteps} as evidence, and
     * waits. Each resume re-reads the request: still pending → waits again; approved → uses it (single use, bound to
     * the version) and succeeds; rejected or expired → fails. When run parameter {@value #APPROVAL_PARAM} names an
     * existing approval, that one is used instead of filing a request. Outputs: {@code approval, status, decided_by,
     * comment}.
     */
    public static Step approval(String model, String action, String... evidenceSteps) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(action, "action");
        List<String> evidence = List.of(evidenceSteps);
        return ctx -> {
            int version = ctx.intParam(VERSION_PARAM);
            Approvals approvals = ctx.pipelines().approvals();
            String id;
            if (ctx.hasParam(APPROVAL_PARAM)) {
                id = ctx.textParam(APPROVAL_PARAM);
            } else {
                id = ctx.previousOutputs().map(o -> o.path("approval").asText(null)).orElse(null);
            }
            if (id == null) {
                ObjectNode ev = JsonNodeFactory.instance.objectNode();
                for (String s : evidence) {
                    ctx.outputs(s).ifPresent(o -> ev.set(s, o));
                }
                Approval a = approvals.request(model, version, action, ctx.actor(), ev, ctx.runId());
                ctx.log("approval " + a.id() + " requested by " + a.requestedBy() + " for " + action + " of " + model + ":"
                        + version + ", expires " + a.expiresAt());
                return StepResult.waiting("approval " + a.id() + " pending", Map.of("approval", a.id(), "status", "PENDING"));
            }
            Approval a = approvals.get(id);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("approval", id);
            out.put("status", a.status().name());
            switch (a.status()) {
                case PENDING -> {
                    return StepResult.waiting("approval " + id + " pending", out);
                }
                case REJECTED -> {
                    out.put("decided_by", a.decidedBy());
                    out.put("comment", a.comment());
                    return StepResult.failed("approval " + id + " rejected by " + a.decidedBy()
                            + (a.comment() == null ? "" : ": " + a.comment()), out);
                }
                case EXPIRED -> {
                    return StepResult.failed("approval " + id + " expired at " + a.expiresAt(), out);
                }
                default -> {
                    Approval used = approvals.use(id, model, version, ctx.runId()); // throws on misuse: the step fails
                    out.put("status", used.status().name());
                    out.put("decided_by", used.decidedBy());
                    out.put("comment", used.comment());
                    ctx.log("approval " + id + " approved by " + used.decidedBy() + ", used by this run");
                    return StepResult.ok(out);
                }
            }
        };
    }

    static JsonNode empty() {
        return JsonNodeFactory.instance.objectNode();
    }
}
