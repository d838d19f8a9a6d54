package dev.mlops.registry.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a listing in a stable order, with the token for the next page ({@code null} when this is the last).
 * Immutable and thread-safe.
 *
 * @param items         the items of this page, in order
 * @param nextPageToken pass it to the next call to continue; {@code null} when there is no more
 * @param <T>           the item type
 */
public record Page<T>(List<T> items, String nextPageToken) {
    public Page {
        items = List.copyOf(Objects.requireNonNull(items, "items"));
    }

    /** Largest page a listing returns. */
    public static final int MAX_LIMIT = 10_000;

    /** The page-size check every listing makes: 1 to {@link #MAX_LIMIT}. For implementers; returns {@code limit}. */
    public static int checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("Page limit must be 1-" + MAX_LIMIT + ", found " + limit);
        }
        return limit;
    }

    public Optional<String> next() {
        return Optional.ofNullable(nextPageToken);
    }

    public boolean hasNext() {
        return nextPageToken != null;
    }
}
