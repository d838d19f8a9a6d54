/**
 * The model registry: versioned models, aliases with history, data sets, runs and lineage, on any store of the SPI.
 *
 * <p>Entry point: {@link dev.mlops.registry.Registry}. ONNX signatures: {@link dev.mlops.registry.onnx.OnnxSignatures}.
 * Events: {@link dev.mlops.registry.event}.
 *
 * <h2>Stored layout (format 1)</h2>
 * Every record is a JSON document with {@code "format": 1}; readers ignore fields they do not know and refuse a
 * higher format with a message to upgrade. Collections and keys ({@code NNNNNNNNNN} is a number padded to 10 digits):
 * <ul>
 *   <li>{@code models/<model>} — description, tags, recorded edits;</li>
 *   <li>{@code versions/<model>/NNNNNNNNNN} — the immutable version record (the commit point of a registration);</li>
 *   <li>{@code version-hints/<model>} — the latest committed number, a hint readers probe forward from;</li>
 *   <li>{@code version-meta/<model>/NNNNNNNNNN} — later edits of description and tags, archived state;</li>
 *   <li>{@code aliases/<model>/<alias>} — the head of the alias history (a hint);</li>
 *   <li>{@code alias-history/<model>/<alias>/NNNNNNNNNN} — one immutable entry per move (the commit point of a move),
 *       carrying the SHA-256 of the previous entry's bytes;</li>
 *   <li>{@code attachments/<model>/NNNNNNNNNN/<name>} — files attached to a version;</li>
 *   <li>{@code datasets/<name>}, {@code dataset-versions/<name>/NNNNNNNNNN}, {@code dataset-hints/<name>},
 *       {@code dataset-meta/<name>/NNNNNNNNNN} — data sets, as for models; a data set version's optional
 *       {@code lineage} field (inputs, model, run, code revision, transform) is absent in versions without one;</li>
 *   <li>{@code dataset-derivations/<input>/NNNNNNNNNN/<derived>/NNNNNNNNNN} and
 *       {@code model-outputs/<model>/NNNNNNNNNN/<data set>/NNNNNNNNNN} — the lineage index: empty links written just
 *       before the derived version's record, kept by readers only when that record's lineage names the source;</li>
 *   <li>{@code runs/<run id>} and {@code run-metrics/<run id>/<metric hash>/NNNNNNNNNN} — runs and their metric
 *       history in chunks of 1 000 points;</li>
 *   <li>{@code imports/<archive sha256>} — archives already imported;</li>
 *   <li>{@code x-<name>/...} — extension collections ({@link dev.mlops.registry.RecordCollection}).</li>
 * </ul>
 * Blobs hold artifact files, directory manifests ({@code {"format":1,"files":[{"path","digest","size"}]}}),
 * attachments and run artifacts.
 */
package dev.mlops.registry;
