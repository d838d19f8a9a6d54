package dev.mlops.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects a fresh {@link dev.mlops.registry.Registry} that lives for one test (or, on a {@code @BeforeAll} parameter,
 * one test class) and is closed afterwards. Requires {@link MlopsExtension} (or {@link MlopsTest}).
 *
 * <pre>{@code
 * @Test
 * void registersAModel(@TempRegistry Registry registry) { ... }
 * @Test
 * void survivesReopening(@TempRegistry(store = TempRegistry.Store.FILE) Registry registry) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface TempRegistry {
    /** Where the registry keeps its data. */
    enum Store {
        /** A private in-memory store ({@code mem:}): fastest. */
        MEMORY,
        /** A {@code file:} store in a temporary directory deleted after the test: exercises the real format. */
        FILE
    }

    /** The store (default {@link Store#MEMORY}). */
    Store store() default Store.MEMORY;
}
