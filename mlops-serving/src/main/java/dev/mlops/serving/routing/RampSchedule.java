package dev.mlops.serving.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The steps of a canary ramp, as the canary's share of traffic, a fraction (e.g. 0.05 → 0.25 → 0.5 → 1), and optionally the
 * interval after which the ramp advances by itself; without one it advances only on an explicit
 * {@code advance()}. Immutable and thread-safe.
 */
public final class RampSchedule {
    private final List<Double> steps;
    private final Duration interval;

    private RampSchedule(List<Double> steps, Duration interval) {
        this.steps = List.copyOf(steps);
        this.interval = interval;
    }

    /** Steps as fractions of traffic to the canary, strictly increasing, each within (0, 1]. */
    public static RampSchedule of(double... shares) {
        if (shares.length == 0) {
            throw new IllegalArgumentException("a ramp needs at least one step");
        }
        List<Double> s = new ArrayList<>();
        double prev = 0;
        for (double p : shares) {
            Shares.check("ramp step", p);
            if (!(p > prev)) {
                throw new IllegalArgumentException("ramp steps must increase strictly within (0, 1], given "
                        + java.util.Arrays.toString(shares));
            }
            s.add(p);
            prev = p;
        }
        return new RampSchedule(s, null);
    }

    /** The same steps, advancing by itself every {@code interval}. */
    public RampSchedule every(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("interval must be positive, given " + interval);
        }
        return new RampSchedule(steps, interval);
    }

    /** The steps, as fractions of traffic to the canary. */
    public List<Double> steps() {
        return steps;
    }

    /** The automatic interval, if any. */
    public Optional<Duration> interval() {
        return Optional.ofNullable(interval);
    }

    @Override
    public String toString() {
        return "RampSchedule" + steps + (interval == null ? "" : " every " + interval);
    }
}
