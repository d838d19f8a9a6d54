/**
 * The PostgreSQL registry store: {@link dev.mlops.registry.jdbc.PostgresStore}, opened by
 * {@code jdbc:postgresql://...} URIs through {@link dev.mlops.registry.spi.Stores}.
 */
package dev.mlops.registry.jdbc;
