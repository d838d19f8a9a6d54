/**
 * In-process ONNX Runtime serving: loading models ({@link dev.mlops.serving.Models}), predicting
 * ({@link dev.mlops.serving.LoadedModel}), inputs, outputs and tensors. Endpoints and routing live in
 * {@link dev.mlops.serving.endpoint} and {@link dev.mlops.serving.routing}, dynamic batching in
 * {@link dev.mlops.serving.batch}, batch scoring in {@link dev.mlops.serving.scoring}.
 */
package dev.mlops.serving;
