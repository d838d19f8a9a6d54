package dev.mlops.registry.spi.tck;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Not run by surefire (the name does not end in Test): {@link PropertyRunCheckTest} launches it. */
public class PassingPropertiesFixture {
    @Property(tries = 5)
    void additionCommutes(@ForAll int a, @ForAll int b) {
        if (a + b != b + a) {
            throw new AssertionError("not commutative");
        }
    }

    @Property(tries = 5)
    void lengthIsNotNegative(@ForAll String s) {
        if (s.length() < 0) {
            throw new AssertionError("negative");
        }
    }
}
