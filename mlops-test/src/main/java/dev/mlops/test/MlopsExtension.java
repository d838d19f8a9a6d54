package dev.mlops.test;

import dev.mlops.registry.Registry;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * JUnit 5 extension that injects mlops test fixtures as parameters of test and lifecycle methods:
 * <ul>
 *   <li>{@link TempRegistry} on a {@link Registry} parameter: a fresh registry (in memory, or on a {@code file:}
 *       store in a temporary directory);</li>
 *   <li>{@link ModelEndpoint} on an {@code Endpoint} (or {@code LoadedModel}) parameter: a model loaded from a
 *       classpath resource;</li>
 *   <li>{@link ReferenceMonitor} on a {@code DriftMonitor} (or {@code ReferenceProfile}) parameter: a drift monitor
 *       with a reference profile built from a CSV classpath resource.</li>
 * </ul>
 * Everything injected into a test (or {@code @BeforeEach}) method is closed after that test, in reverse order of
 * creation; into a {@code @BeforeAll} method, after the class. Resources are read with the test class's class loader.
 *
 * <pre>{@code
 * @MlopsTest
 * class FraudModelTest {
 *     @Test
 *     void scoresARow(@ModelEndpoint(resource = "models/fraud.onnx") Endpoint endpoint) {
 *         MlopsAssertions.assertThat(endpoint.predict(row)).output("probability").isCloseTo(0.93f, 1e-4f);
 *     }
 * }
 * }</pre>
 *
 * <p>Needs JUnit Jupiter 5.10 or later (module {@code mlops-test-junit510} runs it on 5.10); with an older one, every
 * test that uses it fails at once with a message that says so. mlops-test brings no JUnit of its own: it uses the
 * version of your build.
 *
 * <p>Stateless; thread-safe (JUnit may run tests in parallel: each test gets its own fixtures).
 */
public final class MlopsExtension implements ParameterResolver, AfterEachCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MlopsExtension.class);

    /** The oldest JUnit Jupiter (major, minor) this extension supports. */
    static final int[] MINIMUM_JUPITER = {5, 10};

    /**
     * Created by JUnit.
     *
     * @throws ExtensionConfigurationException if the JUnit Jupiter on the test class path is older than 5.10
     */
    public MlopsExtension() {
        requireSupportedJupiter(ExtensionContext.class.getPackage().getImplementationVersion());
    }

    /** Fails with a clear message on a Jupiter older than {@link #MINIMUM_JUPITER}; an unknown version passes. */
    static void requireSupportedJupiter(String version) {
        if (version == null) {
            return;   // a repackaged JUnit without a manifest version: nothing to check
        }
        String[] parts = version.split("[.-]", 3);
        int major;
        int minor;
        try {
            major = Integer.parseInt(parts[0]);
            minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        } catch (NumberFormatException e) {
            return;   // an unusual version string: do not block the tests over it
        }
        if (major < MINIMUM_JUPITER[0] || major == MINIMUM_JUPITER[0] && minor < MINIMUM_JUPITER[1]) {
            throw new ExtensionConfigurationException("mlops-test needs JUnit Jupiter " + MINIMUM_JUPITER[0] + "."
                    + MINIMUM_JUPITER[1] + " or later, but the test class path has JUnit Jupiter " + version
                    + ". Import org.junit:junit-bom " + MINIMUM_JUPITER[0] + "." + MINIMUM_JUPITER[1]
                    + ".0 or later in your build's dependencyManagement so that every JUnit artifact has one version.");
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext context) {
        Class<?> type = p.getParameter().getType();
        if (p.isAnnotated(TempRegistry.class)) {
            return requireType(p, TempRegistry.class, type, Registry.class);
        }
        if (p.isAnnotated(ModelEndpoint.class)) {
            requireOnClassPath(ModelEndpoint.class, "dev.mlops.serving.LoadedModel", "mlops-serving");
            return requireType(p, ModelEndpoint.class, type, ServingFixtures.types());
        }
        if (p.isAnnotated(ReferenceMonitor.class)) {
            requireOnClassPath(ReferenceMonitor.class, "dev.mlops.monitoring.DriftMonitor", "mlops-monitoring");
            return requireType(p, ReferenceMonitor.class, type, MonitoringFixtures.types());
        }
        return false;
    }

    /**
     * Serving and monitoring are optional dependencies of this module: a fixture needs its module on the class path,
     * and the classes that touch it ({@link ServingFixtures}, {@link MonitoringFixtures}) load only when used.
     */
    private static void requireOnClassPath(Class<?> annotation, String className, String module) {
        try {
            Class.forName(className, false, MlopsExtension.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ParameterResolutionException("@" + annotation.getSimpleName() + " needs " + module
                    + " on the test class path; add the dev.mlops:" + module + " dependency (test scope)");
        }
    }

    private static boolean requireType(ParameterContext p, Class<?> annotation, Class<?> type, Class<?>... allowed) {
        for (Class<?> a : allowed) {
            if (a == type) {
                return true;
            }
        }
        throw new ParameterResolutionException("@" + annotation.getSimpleName() + " parameter '"
                + p.getParameter().getName() + "' has type " + type.getName() + "; expected "
                + String.join(" or ", java.util.Arrays.stream(allowed).map(Class::getSimpleName).toList()));
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext context) {
        Class<?> type = p.getParameter().getType();
        Resources resources = resources(context);
        ClassLoader loader = context.getRequiredTestClass().getClassLoader();
        try {
            if (p.isAnnotated(TempRegistry.class)) {
                return registry(p.findAnnotation(TempRegistry.class).orElseThrow(), resources);
            }
            if (p.isAnnotated(ModelEndpoint.class)) {
                ModelEndpoint a = p.findAnnotation(ModelEndpoint.class).orElseThrow();
                AutoCloseable fixture = ServingFixtures.create(a, type, resource(loader, a.resource(), "model"));
                resources.add(fixture);
                return fixture;
            }
            ReferenceMonitor a = p.findAnnotation(ReferenceMonitor.class).orElseThrow();
            return MonitoringFixtures.create(a, type, resources,
                    new String(resource(loader, a.csv(), "reference CSV"), StandardCharsets.UTF_8));
        } catch (ParameterResolutionException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ParameterResolutionException("cannot create the mlops fixture for parameter '"
                    + p.getParameter().getName() + "': " + e.getMessage(), e);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        close(context);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        close(context);
    }

    // ------------------------------------------------------------------ fixtures

    private static Registry registry(TempRegistry a, Resources resources) {
        if (a.store() == TempRegistry.Store.MEMORY) {
            return resources.add(Registry.inMemory());
        }
        try {
            Path dir = Files.createTempDirectory("mlops-test-registry");
            resources.add(() -> deleteTree(dir));
            return resources.add(Registry.open("file:" + dir.toAbsolutePath()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the registry", e);
        }
    }

    static byte[] resource(ClassLoader loader, String name, String what) {
        String path = name.startsWith("/") ? name.substring(1) : name;
        try (InputStream in = loader.getResourceAsStream(path)) {
            if (in == null) {
                throw new ParameterResolutionException(what + " resource '" + name + "' is not on the test classpath; "
                        + "put it under src/test/resources/" + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + what + " resource '" + name + "'", e);
        }
    }

    // ------------------------------------------------------------------ lifecycle

    private static Resources resources(ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(Resources.class, k -> new Resources(),
                Resources.class);
    }

    private static void close(ExtensionContext context) throws Exception {
        Resources r = context.getStore(NAMESPACE).remove(Resources.class, Resources.class);
        if (r != null) {
            r.close();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** What one context created, closed in reverse order. */
    @SuppressWarnings("try")   // close() rethrows what the fixtures' close() threw; none of them throws InterruptedException
    static final class Resources implements AutoCloseable {
        private final Deque<AutoCloseable> items = new ArrayDeque<>();

        synchronized <T extends AutoCloseable> T add(T item) {
            items.push(item);
            return item;
        }

        @Override
        public void close() throws Exception {
            Exception first = null;
            for (;;) {
                AutoCloseable c;
                synchronized (this) {
                    c = items.poll();
                }
                if (c == null) {
                    break;
                }
                try {
                    c.close();
                } catch (Exception e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }
}
