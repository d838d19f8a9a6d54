/**
 * Testing support for applications built on mlops: {@link dev.mlops.test.MlopsExtension} (JUnit 5) injects a
 * temporary registry ({@link dev.mlops.test.TempRegistry}), an endpoint serving a model resource
 * ({@link dev.mlops.test.ModelEndpoint}) and a drift monitor over a reference CSV
 * ({@link dev.mlops.test.ReferenceMonitor}); {@link dev.mlops.test.MlopsAssertions} adds AssertJ assertions for
 * predictions, drift results and data-check reports.
 */
package dev.mlops.test;
