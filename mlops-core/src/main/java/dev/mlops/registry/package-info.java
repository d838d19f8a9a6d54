/**
 * The model registry: versioned models, aliases with history, data sets, runs and lineage, on any store of the SPI.
 */
package dev.mlops.registry;
