package dev.mlops.registry.spi.tck;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Not run by surefire: a property that fails, for {@link PropertyRunCheckTest}. */
public class FailingPropertyFixture {
    @Property(tries = 5)
    void everyIntIsSmall(@ForAll int a) {
        // fails on every try, whatever jqwik generates, so the test that uses it is deterministic
        throw new AssertionError("too big: " + a);
    }
}
