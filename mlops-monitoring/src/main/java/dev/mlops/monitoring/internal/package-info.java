/** Implementation of the monitoring module; not API. */
package dev.mlops.monitoring.internal;
