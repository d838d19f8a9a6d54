/**
 * Batch scoring ("result serving"): a model applied to every row of a CSV, JSON Lines or registry data set file.
 */
package dev.mlops.serving.scoring;
