package dev.mlops.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects a {@link dev.mlops.monitoring.DriftMonitor} whose reference profile is built from a CSV classpath resource
 * (every column a feature; numeric unless named in {@link #categorical()}), or the
 * {@link dev.mlops.monitoring.ReferenceProfile} itself when the parameter has that type. By default the monitor's
 * window never closes: assert on everything observed so far with {@link MlopsAssertions#assertThat(
 * dev.mlops.monitoring.DriftMonitor)} (which evaluates the open window); set {@link #window()} to test windowing
 * (closed windows are evaluated on the observing thread, so listeners have run when {@code observe} returns).
 * Closed after the test. Requires {@link MlopsExtension} (or {@link MlopsTest}).
 *
 * <pre>{@code
 * @Test
 * void noDriftOnTrainingData(@ReferenceMonitor(csv = "data/train.csv", window = 100) DriftMonitor monitor) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface ReferenceMonitor {
    /** The reference CSV's classpath resource (header row, comma-separated; a leading '/' is optional). */
    String csv();

    /** Columns to treat as categorical even when they parse as numbers. */
    String[] categorical() default {};

    /** Columns that are model outputs (predictions) rather than inputs. */
    String[] outputs() default {};

    /** Rows per count window (default: never closes). */
    long window() default Long.MAX_VALUE;
}
