/**
 * JMH benchmarks; not part of the default test run.
 */
package dev.mlops.benchmarks;
