package dev.mlops.registry.spi.tck;

import net.jqwik.api.Property;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes sure every jqwik {@link Property} of a test class really runs and passes: it launches the jqwik engine on
 * the class itself (a nested JUnit Platform launcher, engine filter {@code jqwik}) and compares what finished with
 * the property methods found by reflection. A property that jqwik does not discover (engine missing from the test
 * class path, a property hidden in a {@code @Nested} class, a method jqwik cannot run) or that is skipped or aborted
 * makes {@link #verify} throw an {@link AssertionError} naming it, so the surrounding Jupiter test — and the build —
 * fails instead of silently passing. Stateless and thread-safe.
 */
public final class PropertyRunCheck {
    private PropertyRunCheck() {
    }

    /** The outcome of running the properties of one class. */
    public record Outcome(List<String> expected, Map<String, TestExecutionResult.Status> finished) {
    }

    /** The names of the {@code @Property} methods {@code testClass} has (declared or inherited). */
    public static List<String> propertyMethods(Class<?> testClass) {
        TreeSet<String> names = new TreeSet<>();
        for (Class<?> c = testClass; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.isAnnotationPresent(Property.class) && !Modifier.isPrivate(m.getModifiers())) {
                    names.add(m.getName());
                }
            }
        }
        return new ArrayList<>(names);
    }

    /** Runs every property of {@code testClass} with the jqwik engine and reports what finished. */
    public static Outcome run(Class<?> testClass) {
        List<String> expected = propertyMethods(testClass);
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(testClass))
                .filters(EngineFilter.includeEngines("jqwik"))
                .build();
        Map<String, TestExecutionResult.Status> finished = new ConcurrentHashMap<>();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                id.getSource().ifPresent(src -> {
                    if (src instanceof MethodSource ms && id.isTest()) {
                        finished.merge(ms.getMethodName(), result.getStatus(),
                                (a, b) -> a == TestExecutionResult.Status.SUCCESSFUL ? b : a);
                    }
                });
            }

            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                id.getSource().ifPresent(src -> {
                    if (src instanceof MethodSource ms) {
                        finished.put(ms.getMethodName(), TestExecutionResult.Status.ABORTED);
                    }
                });
            }
        });
        return new Outcome(expected, new TreeMap<>(finished));
    }

    /**
     * Runs every property of {@code testClass} and throws {@link AssertionError} unless each one finished
     * successfully.
     */
    public static void verify(Class<?> testClass) {
        Outcome o = run(testClass);
        if (o.expected().isEmpty()) {
            throw new AssertionError("Expected jqwik properties in " + testClass.getName() + ", found none");
        }
        List<String> problems = new ArrayList<>();
        for (String name : o.expected()) {
            TestExecutionResult.Status s = o.finished().get(name);
            if (s == null) {
                problems.add(name + " did not run (is the jqwik engine on the test class path?)");
            } else if (s != TestExecutionResult.Status.SUCCESSFUL) {
                problems.add(name + " finished " + s);
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("Every property of the compatibility kit must run and pass for "
                    + testClass.getName() + ", but: " + String.join("; ", problems));
        }
    }
}
