/**
 * Runnable end-to-end examples on real data.
 */
package dev.mlops.examples;
