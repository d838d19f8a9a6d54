package dev.mlops.test;

import dev.mlops.monitoring.checks.CheckReport;
import dev.mlops.monitoring.checks.CheckResult;
import org.assertj.core.api.AbstractAssert;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * AssertJ assertions on a data-check {@link CheckReport}; failure messages include the report's text rendering.
 * Not thread-safe (as any AssertJ assertion).
 */
public final class CheckReportAssert extends AbstractAssert<CheckReportAssert, CheckReport> {
    CheckReportAssert(CheckReport actual) {
        super(actual, CheckReportAssert.class);
    }

    /** Every check passed. */
    public CheckReportAssert allPassed() {
        isNotNull();
        if (!actual.passed()) {
            failWithMessage("expected every data check to pass but %d failed:%n%s", actual.failedCount(),
                    actual.toText());
        }
        return this;
    }

    /** At least {@code percent} (0–100) of the checks passed. */
    public CheckReportAssert hasPercentPassedAtLeast(double percent) {
        isNotNull();
        if (!(actual.percentPassed() >= percent)) {
            failWithMessage("expected at least %s%% of the checks to pass but %s%% did:%n%s", percent,
                    actual.percentPassed(), actual.toText());
        }
        return this;
    }

    /** Exactly the checks named {@code names} failed (any order). */
    public CheckReportAssert hasFailedChecks(String... names) {
        isNotNull();
        Set<String> expected = new TreeSet<>(Arrays.asList(names));
        Set<String> failed = new TreeSet<>();
        for (CheckResult c : actual.checks()) {
            if (!c.passed()) {
                failed.add(c.name());
            }
        }
        if (!expected.equals(failed)) {
            failWithMessage("expected exactly %s to fail but %s failed:%n%s", expected, failed, actual.toText());
        }
        return this;
    }
}
