package dev.mlops.pipelines;

import dev.mlops.registry.Logfmt;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.pipelines.internal.PipelineJson;
import dev.mlops.registry.RecordCollection;
import dev.mlops.registry.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The module's entry point: runs {@link Pipeline}s and records every run in the registry's extension collection
 * {@value #RUNS_COLLECTION} (key = run id), resumes waiting or failed runs from their record (in any process), lists
 * and reads runs, and owns the {@link Approvals}. Thread-safe: runs of different ids proceed in parallel; two
 * processes (or threads) driving the same run are detected by compare-and-set on its record, and the loser gets a
 * {@link RunConflictException}.
 */
public final class Pipelines {
    /** The registry collection holding run records. */
    public static final String RUNS_COLLECTION = "pipeline-runs";
    private static final Logger LOG = LoggerFactory.getLogger(Pipelines.class);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Registry registry;
    private final Clock clock;
    private final RecordCollection runs;
    private final Approvals approvals;

    private Pipelines(Builder b) {
        this.registry = b.registry;
        this.clock = b.clock;
        this.runs = registry.collection(RUNS_COLLECTION);
        this.approvals = new Approvals(registry, clock, b.approvers, b.approvalExpiry);
    }

    /** Pipelines on {@code registry} with the system clock, anyone but the requester may approve, 7-day expiry. */
    public static Pipelines on(Registry registry) {
        return builder(registry).build();
    }

    /** A builder. */
    public static Builder builder(Registry registry) {
        return new Builder(registry);
    }

    /** The registry. */
    public Registry registry() {
        return registry;
    }

    /** The clock (step times, approval expiry). */
    public Clock clock() {
        return clock;
    }

    /** The approvals. */
    public Approvals approvals() {
        return approvals;
    }

    /**
     * Starts and runs {@code pipeline} until it succeeds, fails or waits; returns its record.
     *
     * @param actor  who runs it (alias moves and approval requests are made in this name)
     * @param params the run's parameters, JSON-serialisable values
     */
    public PipelineRun run(Pipeline pipeline, String actor, Map<String, ?> params) {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(params, "params");
        JsonNode p = PipelineJson.tree(params);
        Instant now = clock.instant();
        String id = pipeline.name() + "/" + ID_TIME.format(now) + "-" + HexFormat.of().formatHex(randomBytes());
        PipelineRun run = new PipelineRun(id, pipeline.name(), RunStatus.RUNNING, actor, p, now, null, null,
                Pipeline.pendingSteps(pipeline));
        long rev = runs.create(id, PipelineJson.tree(run))
                .orElseThrow(() -> new RunConflictException(id, "Run id " + id + " exists already; start the run again"));
        LOG.info("pipeline {} run {} started by {}", pipeline.name(), id, actor);
        return execute(pipeline, run, rev);
    }

    /**
     * Continues run {@code runId} of {@code pipeline} from its record: succeeded steps are skipped (their outputs are
     * in the record), the waiting or failed step runs again, then the rest. A succeeded run is returned as is.
     *
     * @throws RunConflictException when the record names another pipeline or other steps, when it is still running
     *                              (another process has it), or when another process moves it meanwhile
     */
    public PipelineRun resume(Pipeline pipeline, String runId) {
        Objects.requireNonNull(pipeline, "pipeline");
        RecordCollection.Document d = runs.get(runId).orElseThrow(() -> new PipelineException(
                "No pipeline run '" + runId + "' in " + registry.description() + "; list runs with runs(pipeline)"));
        PipelineRun run = PipelineJson.bind(d.document(), PipelineRun.class);
        if (!run.pipeline().equals(pipeline.name())) {
            throw new RunConflictException(runId, "Run " + runId + " belongs to pipeline '" + run.pipeline()
                    + "', not '" + pipeline.name() + "'; resume it with its own pipeline");
        }
        List<String> recorded = run.steps().stream().map(StepRecord::name).toList();
        if (!recorded.equals(pipeline.stepNames())) {
            throw new RunConflictException(runId, "Run " + runId + " was recorded with steps " + recorded
                    + " but the pipeline now has " + pipeline.stepNames() + "; resume it with the definition it started with");
        }
        if (run.status() == RunStatus.SUCCEEDED) {
            return run;
        }
        if (run.status() == RunStatus.RUNNING) {
            throw new RunConflictException(runId, "Run " + runId + " is running (step "
                    + run.steps().stream().filter(s -> s.status() == StepStatus.RUNNING).map(StepRecord::name).findFirst().orElse("?")
                    + "); if its process died, call abandon(runId, reason) first, then resume");
        }
        return execute(pipeline, run, d.revision());
    }

    /**
     * Marks a run whose process died mid-step as failed (the step's error says so), so it can be resumed. Does nothing
     * to a run that is not running.
     */
    public PipelineRun abandon(String runId, String reason) {
        RecordCollection.Document d = runs.get(runId).orElseThrow(() -> new PipelineException("No pipeline run '" + runId + "'"));
        PipelineRun run = PipelineJson.bind(d.document(), PipelineRun.class);
        if (run.status() != RunStatus.RUNNING) {
            return run;
        }
        Instant now = clock.instant();
        List<StepRecord> steps = new ArrayList<>();
        for (StepRecord s : run.steps()) {
            steps.add(s.status() == StepStatus.RUNNING ? new StepRecord(s.name(), StepStatus.FAILED, s.startedAt(), now,
                    s.attempts(), s.inputs(), s.outputs(), s.logs(), "abandoned: " + reason) : s);
        }
        PipelineRun failed = run.with(RunStatus.FAILED, now, "abandoned: " + reason, steps);
        save(failed, d.revision());
        return failed;
    }

    /** Run {@code runId}'s record. */
    public Optional<PipelineRun> find(String runId) {
        return runs.get(runId).map(d -> PipelineJson.bind(d.document(), PipelineRun.class));
    }

    /** Run {@code runId}'s record. */
    public PipelineRun get(String runId) {
        return find(runId).orElseThrow(() -> new PipelineException("No pipeline run '" + runId + "'"));
    }

    /** Every run of {@code pipelineName}, oldest first. */
    public List<PipelineRun> runs(String pipelineName) {
        Objects.requireNonNull(pipelineName, "pipelineName");
        return list(pipelineName + "/");
    }

    /** Every run of every pipeline, oldest first. */
    public List<PipelineRun> runs() {
        return list("");
    }

    private List<PipelineRun> list(String prefix) {
        List<PipelineRun> out = new ArrayList<>();
        for (String key : runs.keys(prefix)) {
            find(key).ifPresent(out::add);
        }
        out.sort(Comparator.comparing(PipelineRun::startedAt).thenComparing(PipelineRun::id));
        return out;
    }

    // ------------------------------------------------------------------ execution

    private PipelineRun execute(Pipeline pipeline, PipelineRun run, long revision) {
        List<StepRecord> steps = new ArrayList<>(run.steps());
        Map<String, StepRecord> done = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            StepRecord before = steps.get(i);
            if (before.status() == StepStatus.SUCCEEDED) {
                done.put(before.name(), before);
                continue;
            }
            Instant start = clock.instant();
            StepRecord running = new StepRecord(before.name(), StepStatus.RUNNING, start, null, before.attempts() + 1,
                    null, before.outputs(), before.logs(), null);
            steps.set(i, running);
            run = run.with(RunStatus.RUNNING, null, null, steps);
            revision = save(run, revision); // claims the step: a concurrent driver of this run loses here

            StepContext ctx = new StepContext(this, run, before.name(), Map.copyOf(done), before);
            StepResult result;
            try {
                result = pipeline.step(before.name()).run(ctx);
                if (result == null) {
                    result = StepResult.failed("step returned null instead of a StepResult");
                }
            } catch (Exception | LinkageError | AssertionError e) {
                LOG.warn("pipeline {} run {} step {} failed", pipeline.name(), run.id(), before.name(), e);
                String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
                result = StepResult.failed(msg);
            }
            JsonNode outputs;
            try {
                outputs = PipelineJson.tree(result.outputs());
            } catch (PipelineException e) {
                result = StepResult.failed("outputs are not JSON-serialisable: " + e.getMessage());
                outputs = PipelineJson.tree(Map.of());
            }
            Instant end = clock.instant();
            StepRecord after = new StepRecord(before.name(), result.status(), start, end, running.attempts(),
                    ctx.inputs(), outputs, ctx.logs(), result.reason());
            steps.set(i, after);
            LOG.info("event=pipeline.step pipeline={} run={} step={} status={} attempt={} reason={}",
                    Logfmt.value(pipeline.name()), Logfmt.value(run.id()), Logfmt.value(after.name()),
                    result.status().name().toLowerCase(java.util.Locale.ROOT), running.attempts(),
                    Logfmt.value(result.reason() == null ? "none" : result.reason()));
            switch (result.status()) {
                case SUCCEEDED -> done.put(after.name(), after);
                case WAITING -> {
                    run = run.with(RunStatus.WAITING, null, "step '" + after.name() + "' waits: " + result.reason(), steps);
                    save(run, revision);
                    LOG.info("pipeline {} run {} waits at {}: {}", pipeline.name(), run.id(), after.name(), result.reason());
                    return run;
                }
                default -> {
                    run = run.with(RunStatus.FAILED, end, "step '" + after.name() + "' failed: " + result.reason(), steps);
                    save(run, revision);
                    LOG.info("pipeline {} run {} failed at {}: {}", pipeline.name(), run.id(), after.name(), result.reason());
                    return run;
                }
            }
            run = run.with(RunStatus.RUNNING, null, null, steps);
            revision = save(run, revision);
        }
        run = run.with(RunStatus.SUCCEEDED, clock.instant(), null, steps);
        save(run, revision);
        LOG.info("pipeline {} run {} succeeded", pipeline.name(), run.id());
        return run;
    }


    private long save(PipelineRun run, long revision) {
        ObjectNode doc = (ObjectNode) PipelineJson.tree(run);
        return runs.compareAndSet(run.id(), revision, doc).orElseThrow(() -> new RunConflictException(run.id(),
                "Run " + run.id() + " was changed by another process while this one drove it (expected revision "
                        + revision + "); read it again with get(runId) and resume only one copy"));
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        return b;
    }

    /** Builds {@link Pipelines}. Not thread-safe. */
    public static final class Builder {
        private final Registry registry;
        private Clock clock = Clock.systemUTC();
        private java.util.Set<String> approvers = java.util.Set.of();
        private java.time.Duration approvalExpiry = java.time.Duration.ofDays(7);

        private Builder(Registry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /** The clock for step times and approval expiry (inject a fixed or fake one in tests). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Who may approve (empty, the default: anyone other than the requester). */
        public Builder approvers(java.util.Set<String> approvers) {
            this.approvers = java.util.Set.copyOf(approvers);
            return this;
        }

        /** How long an approval request stays valid (default 7 days); positive. */
        public Builder approvalExpiry(java.time.Duration expiry) {
            if (expiry.isNegative() || expiry.isZero()) {
                throw new IllegalArgumentException("approval expiry must be positive, found " + expiry);
            }
            this.approvalExpiry = expiry;
            return this;
        }

        /** Builds. */
        public Pipelines build() {
            return new Pipelines(this);
        }
    }
}
