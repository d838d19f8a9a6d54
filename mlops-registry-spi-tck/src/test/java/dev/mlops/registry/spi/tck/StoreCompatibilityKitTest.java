package dev.mlops.registry.spi.tck;

import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kit has teeth: run against a plain correct store it passes entirely, and each planted bug makes the kit tests
 * that cover that promise fail.
 */
class StoreCompatibilityKitTest {

    /** Runs the kit on {@code fixture} with both engines; method name (or property label) → worst status. */
    private static Map<String, TestExecutionResult.Status> run(Class<?> fixture) {
        Map<String, TestExecutionResult.Status> results = new TreeMap<>();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(fixture)).build(), new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        if (id.isTest() && id.getSource().orElse(null) instanceof MethodSource ms) {
                            synchronized (results) {
                                results.merge(ms.getMethodName(), result.getStatus(),
                                        (a, b) -> a == TestExecutionResult.Status.SUCCESSFUL ? b : a);
                            }
                        }
                    }
                });
        return results;
    }

    private static Set<String> failed(Map<String, TestExecutionResult.Status> results) {
        Set<String> out = new TreeSet<>();
        results.forEach((name, status) -> {
            if (status == TestExecutionResult.Status.FAILED) {
                out.add(name);
            }
        });
        return out;
    }

    @Test
    void aCorrectStorePassesEveryTestAndProperty() {
        Map<String, TestExecutionResult.Status> results = run(KitFixtures.CorrectStoreFixture.class);
        assertThat(results).hasSizeGreaterThan(35);
        assertThat(results.values()).containsOnly(TestExecutionResult.Status.SUCCESSFUL);
        assertThat(results).containsKeys("compareAndSetUnderContention", "anyContentRoundTrips",
                "everyPropertyOfTheKitRunsAndPasses");
    }

    @Test
    void aLostUpdateIsCaught() {
        assertThat(failed(run(KitFixtures.LostUpdateFixture.class))).contains("compareAndSetUnderContention");
    }

    @Test
    void aRepeatedPutThatKeepsTheOldLastUsedMarkIsCaught() {
        assertThat(failed(run(KitFixtures.NoRefreshFixture.class)))
                .containsExactlyInAnyOrder("repeatedPutRefreshesLastUsed", "repeatedPutWithKnownDigestRefreshesLastUsed");
    }

    @Test
    void aGetThatDoesNotVerifyIsCaught() {
        assertThat(failed(run(KitFixtures.UnverifiedGetFixture.class))).containsExactlyInAnyOrder(
                "corruptedBlobIsDetected", "truncatedBlobIsDetected", "extendedBlobIsDetected", "emptiedBlobIsDetected",
                "putRepairsADamagedBlob");
    }

    @Test
    void aPutThatKeepsADamagedStoredCopyIsCaught() {
        assertThat(failed(run(KitFixtures.KeepsDamagedCopyFixture.class)))
                .containsExactlyInAnyOrder("putRepairsADamagedBlob", "putWithDigestRepairsADamagedBlob");
    }

    @Test
    void anUnsortedListingIsCaughtByTestAndProperty() {
        assertThat(failed(run(KitFixtures.UnsortedListFixture.class)))
                .contains("keysAreListedInStringOrder", "listingMatchesSortedKeys", "everyPropertyOfTheKitRunsAndPasses");
    }

    @Test
    void aStoreThatTakesHostileKeysIsCaught() {
        assertThat(failed(run(KitFixtures.AcceptsAnyKeyFixture.class)))
                .contains("invalidNamesAreRefused", "keysWithForeignCharactersAreRefused");
    }
}
