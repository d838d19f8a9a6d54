package dev.mlops.pipelines;

import dev.mlops.registry.AliasMove;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Built-in steps that change the registry: promotion and rollback move an alias with a reason that names the pipeline
 * run (so the alias history shows which run moved it), and the staging mark tags a version. The alias move is the
 * step's last act, so a failing step leaves nothing half-promoted. Stateless and thread-safe.
 */
public final class Steps {
    private Steps() {
    }

    /**
     * Moves {@code alias} of {@code model} to the version in run parameter {@value Gates#VERSION_PARAM}, as the run's
     * actor, with reason {@code "pipeline <name> run <id>: promote vN"}. Outputs: {@code model, alias, from, to,
     * sequence}. Endpoints following the alias ({@code dev.mlops.serving.endpoint.AliasFollower}) load the version.
     */
    public static Step promote(String model, String alias) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(alias, "alias");
        return ctx -> {
            int version = ctx.intParam(Gates.VERSION_PARAM);
            ctx.registry().version(model, version); // fails early (NotFound) before anything moves
            AliasMove m = ctx.registry().setAlias(model, alias, version, ctx.actor(),
                    reason(ctx, "promote v" + version + " to " + alias));
            ctx.log("alias " + alias + " -> v" + version + " (entry " + m.sequence() + ")");
            return StepResult.ok(moved(m));
        };
    }

    /**
     * Rolls {@code alias} of {@code model} back to where it pointed before its latest move, with a reason naming the
     * run (and {@code why}).
     */
    public static Step rollback(String model, String alias, String why) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(why, "why");
        return ctx -> {
            AliasMove m = ctx.registry().rollback(model, alias, ctx.actor(), reason(ctx, "rollback: " + why));
            ctx.log("alias " + alias + " rolled back to " + m.to());
            return StepResult.ok(moved(m));
        };
    }

    /** Tags the version in run parameter {@value Gates#VERSION_PARAM} with {@code stage=staged} and the run id. */
    public static Step markStaged(String model) {
        Objects.requireNonNull(model, "model");
        return ctx -> {
            int version = ctx.intParam(Gates.VERSION_PARAM);
            ctx.registry().tagVersion(model, version, "staged-by-run", ctx.runId(), ctx.actor());
            ctx.registry().tagVersion(model, version, "stage", "staged", ctx.actor());
            return StepResult.ok(Map.of("model", model, "version", version, "stage", "staged"));
        };
    }

    static String reason(StepContext ctx, String what) {
        return "pipeline " + ctx.pipeline() + " run " + ctx.runId() + ": " + what;
    }

    private static Map<String, Object> moved(AliasMove m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", m.model());
        out.put("alias", m.alias());
        out.put("from", m.from().isPresent() ? m.from().getAsInt() : null);
        out.put("to", m.to().isPresent() ? m.to().getAsInt() : null);
        out.put("sequence", m.sequence());
        out.put("reason", m.reason());
        return out;
    }
}
