/**
 * The compatibility kit for store plugins: subclass its abstract suite in your store's tests.
 */
package dev.mlops.registry.spi.tck;
