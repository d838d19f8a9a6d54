package dev.mlops.pipelines;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A test clock moved by hand. Thread-safe. */
final class MutableClock extends Clock {
    private volatile Instant now;
    private final Duration tick;

    MutableClock(Instant start) {
        this(start, Duration.ZERO);
    }

    /** A clock that also moves {@code tick} forward after each reading, so records made one after another sort. */
    MutableClock(Instant start, Duration tick) {
        this.now = start;
        this.tick = tick;
    }

    synchronized void advance(Duration d) {
        now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public synchronized Instant instant() {
        Instant t = now;
        now = t.plus(tick);
        return t;
    }
}
