/**
 * Input and output rules every module of the SDK follows with untrusted input and output files:
 * {@link dev.mlops.registry.io.InputLimits} reads a bounded number of bytes with a clear error before allocating
 * more, and {@link dev.mlops.registry.io.AtomicOutput} writes a file or directory beside its target and renames it
 * into place only on success.
 */
package dev.mlops.registry.io;
