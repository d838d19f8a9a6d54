package dev.mlops.registry.spi.tck;

import net.jqwik.api.Property;

/**
 * Not run by surefire: a property jqwik never runs, because jqwik does not run properties of inner (non-static)
 * classes such as JUnit {@code @Nested} ones, for {@link PropertyRunCheckTest}.
 */
public class HiddenPropertyFixture {
    /** An inner class, as a {@code @Nested} group would be. */
    public class Inner {
        @Property(tries = 5)
        void neverRuns() {
            throw new AssertionError("ran after all");
        }
    }
}
