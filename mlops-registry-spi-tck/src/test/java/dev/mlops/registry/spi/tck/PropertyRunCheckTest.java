package dev.mlops.registry.spi.tck;

import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Proves the mechanism that makes a property that did not run fail the build: the check launches the jqwik engine on
 * a class and compares what finished with the property methods the class has.
 */
class PropertyRunCheckTest {

    @Test
    void findsThePropertyMethodsOfAClassAndItsSuperclasses() {
        assertThat(PropertyRunCheck.propertyMethods(PassingPropertiesFixture.class))
                .containsExactly("additionCommutes", "lengthIsNotNegative");
        assertThat(PropertyRunCheck.propertyMethods(StoreCompatibilityKit.class)).containsExactly(
                "anyContentRoundTrips", "conditionalWritesFollowTheModel", "keysWithForeignCharactersAreRefused",
                "listingMatchesSortedKeys", "mismatchedDigestIsNeverStored");
    }

    @Test
    void passesWhenEveryPropertyRanAndPassed() {
        PropertyRunCheck.Outcome outcome = PropertyRunCheck.run(PassingPropertiesFixture.class);
        assertThat(outcome.finished()).containsEntry("additionCommutes", TestExecutionResult.Status.SUCCESSFUL)
                .containsEntry("lengthIsNotNegative", TestExecutionResult.Status.SUCCESSFUL);
        assertThatCode(() -> PropertyRunCheck.verify(PassingPropertiesFixture.class)).doesNotThrowAnyException();
    }

    @Test
    void failsNamingAPropertyThatFailed() {
        assertThatThrownBy(() -> PropertyRunCheck.verify(FailingPropertyFixture.class))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("everyIntIsSmall finished FAILED");
    }

    @Test
    void failsNamingAPropertyThatJqwikNeverRan() {
        PropertyRunCheck.Outcome outcome = PropertyRunCheck.run(HiddenPropertyFixture.Inner.class);
        assertThat(outcome.expected()).containsExactly("neverRuns");
        assertThat(outcome.finished()).doesNotContainKey("neverRuns");
        assertThatThrownBy(() -> PropertyRunCheck.verify(HiddenPropertyFixture.Inner.class))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("neverRuns did not run");
    }

    @Test
    void failsForAClassWithoutProperties() {
        assertThatThrownBy(() -> PropertyRunCheck.verify(PropertyRunCheckTest.class))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("found none");
    }
}
