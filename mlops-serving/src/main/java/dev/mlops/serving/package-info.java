/**
 * In-process ONNX Runtime serving: loaded models, endpoints with traffic policies, batching.
 */
package dev.mlops.serving;
