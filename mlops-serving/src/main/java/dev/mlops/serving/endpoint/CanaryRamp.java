package dev.mlops.serving.endpoint;

import dev.mlops.serving.routing.RampSchedule;
import dev.mlops.serving.routing.RoutingPolicy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A canary ramp in progress on an endpoint ({@link Endpoint#startCanaryRamp}). Each step sets the endpoint's policy
 * to a canary of that percentage; {@link #advance()} moves on (the schedule's interval does it by itself unless
 * paused), {@link #pause()} stops automatic advancing, {@link #abort()} sends all traffic back to the stable variant.
 * Reaching 100 % routes everything to the canary and completes the ramp. Thread-safe.
 */
public final class CanaryRamp {
    /** Where a ramp stands. */
    public enum Status {
        /** Advancing (by itself if the schedule has an interval). */
        RUNNING,
        /** Not advancing by itself; {@link #advance()} and {@link #resume()} still work. */
        PAUSED,
        /** All traffic on the canary. */
        COMPLETED,
        /** Aborted: all traffic back on the stable variant. */
        ABORTED,
        /** Replaced by another policy or ramp, or the endpoint closed. */
        SUPERSEDED
    }

    private final Endpoint endpoint;
    private final String stable;
    private final String canary;
    private final RampSchedule schedule;
    private int step = -1;
    private Status status = Status.RUNNING;
    private ScheduledFuture<?> timer;

    CanaryRamp(Endpoint endpoint, String stable, String canary, RampSchedule schedule) {
        this.endpoint = endpoint;
        this.stable = java.util.Objects.requireNonNull(stable, "stable");
        this.canary = java.util.Objects.requireNonNull(canary, "canary");
        this.schedule = java.util.Objects.requireNonNull(schedule, "schedule");
        RoutingPolicy.canary(stable, canary, 0); // validates the pair
    }

    synchronized void start() {
        advanceLocked();
        if (status == Status.RUNNING && schedule.interval().isPresent()) {
            Duration d = schedule.interval().get();
            timer = endpoint.scheduler().scheduleWithFixedDelay(this::tick, d.toNanos(), d.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private synchronized void tick() {
        if (status == Status.RUNNING) {
            advanceLocked();
        }
    }

    /** Moves to the next step now (also when paused). Returns the canary's new share (a fraction in [0, 1]). */
    public synchronized double advance() {
        if (status != Status.RUNNING && status != Status.PAUSED) {
            throw new IllegalStateException("the ramp is " + status + "; start a new one");
        }
        advanceLocked();
        return share();
    }

    private void advanceLocked() {
        List<Double> steps = schedule.steps();
        if (step + 1 >= steps.size()) {
            return;
        }
        double p = steps.get(step + 1);
        RoutingPolicy policy = p >= 1 ? RoutingPolicy.single(canary) : RoutingPolicy.canary(stable, canary, p);
        if (!endpoint.applyPolicy(policy, this)) {
            supersedeLocked();
            return;
        }
        step++;
        if (p >= 1) {
            status = Status.COMPLETED;
            cancelTimer();
        }
    }

    /** Stops automatic advancing. */
    public synchronized void pause() {
        if (status == Status.RUNNING) {
            status = Status.PAUSED;
        }
    }

    /** Resumes automatic advancing. */
    public synchronized void resume() {
        if (status == Status.PAUSED) {
            status = Status.RUNNING;
        }
    }

    /** Sends all traffic back to the stable variant (share 0) and ends the ramp. */
    public synchronized void abort() {
        if (status == Status.RUNNING || status == Status.PAUSED || status == Status.COMPLETED) {
            if (endpoint.applyPolicy(RoutingPolicy.single(stable), this)) {
                status = Status.ABORTED;
                step = -1;
            } else {
                supersedeLocked();
            }
            cancelTimer();
        }
    }

    synchronized void supersede() {
        supersedeLocked();
    }

    private void supersedeLocked() {
        if (status == Status.RUNNING || status == Status.PAUSED) {
            status = Status.SUPERSEDED;
        }
        cancelTimer();
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** The ramp's status. */
    public synchronized Status status() {
        return status;
    }

    /** The canary's current share of traffic, a fraction in [0, 1] (0 before the first step and after an abort). */
    public synchronized double share() {
        return step < 0 ? 0 : schedule.steps().get(step);
    }

    @Override
    public synchronized String toString() {
        return "CanaryRamp[" + stable + " -> " + canary + ", share " + share() + ", " + status + ", " + schedule + "]";
    }
}
