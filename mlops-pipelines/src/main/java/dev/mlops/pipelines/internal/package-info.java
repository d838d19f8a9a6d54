/** Implementation details of {@code dev.mlops.pipelines}; not API. */
package dev.mlops.pipelines.internal;
