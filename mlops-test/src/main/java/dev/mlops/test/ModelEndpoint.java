package dev.mlops.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects an {@link dev.mlops.serving.endpoint.Endpoint} serving the ONNX model in a classpath resource as its only variant,
 * or the {@link dev.mlops.serving.LoadedModel} itself when the parameter has that type. Closed after the test.
 * Requires {@link MlopsExtension} (or {@link MlopsTest}).
 *
 * <pre>{@code
 * @Test
 * void predicts(@ModelEndpoint(resource = "models/diabetes_linear.onnx") Endpoint endpoint) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface ModelEndpoint {
    /** The model's classpath resource (e.g. {@code models/fraud.onnx}; a leading '/' is optional). */
    String resource();

    /** The endpoint name (default {@code test}). */
    String name() default "test";

    /** The variant name (default {@code default}). */
    String variant() default "default";

    /** The model name, e.g. {@code fraud@3} (default: the resource's file name). */
    String model() default "";
}
