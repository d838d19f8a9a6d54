/**
 * Dynamic batching: concurrent single-row requests to one model coalesced along the batch dimension.
 */
package dev.mlops.serving.batch;
