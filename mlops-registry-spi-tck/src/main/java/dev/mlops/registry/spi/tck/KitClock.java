package dev.mlops.registry.spi.tck;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock the compatibility kit moves by hand, handed to the store under test so that last-used marks can be checked
 * without waiting. It starts at {@link #START} and only moves when {@link #advance} is called; its instants are whole
 * seconds, so stores that keep marks with coarse precision (file modification times) still compare exactly.
 * Thread-safe.
 */
public final class KitClock extends Clock {
    /** Where every kit clock starts. */
    public static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    private final AtomicReference<Instant> now = new AtomicReference<>(START);

    @Override
    public Instant instant() {
        return now.get();
    }

    /** Moves the clock forward by {@code amount} (whole seconds, positive). */
    public void advance(Duration amount) {
        Objects.requireNonNull(amount, "amount");
        if (amount.isNegative() || amount.isZero() || amount.getNano() != 0) {
            throw new IllegalArgumentException("Expected a positive whole number of seconds, found " + amount);
        }
        now.updateAndGet(t -> t.plus(amount));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("The kit clock is always UTC");
    }
}
