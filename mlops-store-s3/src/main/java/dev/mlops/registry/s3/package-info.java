/**
 * The S3 blob store: {@link dev.mlops.registry.s3.S3BlobStore}, opened by {@code s3://bucket/prefix?...} URIs
 * through {@link dev.mlops.registry.spi.Stores}.
 */
package dev.mlops.registry.s3;
