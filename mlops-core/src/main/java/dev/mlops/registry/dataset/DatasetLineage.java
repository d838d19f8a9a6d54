package dev.mlops.registry.dataset;

import dev.mlops.registry.ModelVersionRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a data set version came from: the data set versions it was derived from (each with its role, {@value
 * DatasetRef#INPUT} by default), the model version that produced it (e.g. by batch scoring), the run that made it,
 * the code revision and a short description of the transformation. Recorded once, in the data set version's own
 * record, when the version is added ({@link DatasetAddition#derivedFrom}, {@link DatasetAddition#producedBy},
 * {@link DatasetAddition#lineage}); the registry checks every reference before it writes anything. Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * DatasetLineage lineage = DatasetLineage.none()
 *         .withInput(new DatasetRef("patients", 4, DatasetRef.INPUT))
 *         .withModel(new ModelVersionRef("cancer", 2))
 *         .withTransform("batch scoring");
 * }</pre>
 *
 * @param inputs       the data set versions it was derived from, in the order given, without duplicates
 * @param model        the model version that produced it
 * @param runId        the experiment run that produced it
 * @param codeRevision the code revision of the transformation, e.g. a git commit
 * @param transform    a short description of the transformation, e.g. {@code batch scoring}
 */
public record DatasetLineage(List<DatasetRef> inputs, Optional<ModelVersionRef> model, Optional<String> runId,
                             Optional<String> codeRevision, Optional<String> transform) {
    /** Longest {@link #transform()} text. */
    public static final int MAX_TRANSFORM_LENGTH = 1000;
    private static final DatasetLineage NONE = new DatasetLineage(List.of(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());

    public DatasetLineage {
        Objects.requireNonNull(inputs, "inputs");
        List<DatasetRef> distinct = new ArrayList<>(inputs.size());
        for (DatasetRef ref : inputs) {
            Objects.requireNonNull(ref, "inputs contains null");
            if (!distinct.contains(ref)) {
                distinct.add(ref);
            }
        }
        inputs = List.copyOf(distinct);
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(codeRevision, "codeRevision");
        Objects.requireNonNull(transform, "transform");
        transform.ifPresent(t -> {
            if (t.length() > MAX_TRANSFORM_LENGTH) {
                throw new IllegalArgumentException("A transform description is at most " + MAX_TRANSFORM_LENGTH
                        + " characters, found " + t.length() + "; keep it short (e.g. 'batch scoring')");
            }
        });
    }

    /** No lineage recorded: what every data set version added without one (or before lineage existed) reads as. */
    public static DatasetLineage none() {
        return NONE;
    }

    /** Whether nothing is recorded. */
    public boolean isEmpty() {
        return inputs.isEmpty() && model.isEmpty() && runId.isEmpty() && codeRevision.isEmpty() && transform.isEmpty();
    }

    /** Whether it names data set version {@code name:version} as an input (in any role). */
    public boolean derivesFrom(String name, int version) {
        for (DatasetRef ref : inputs) {
            if (ref.version() == version && ref.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** A copy with one more input (ignored when it is already there). */
    public DatasetLineage withInput(DatasetRef input) {
        Objects.requireNonNull(input, "input");
        List<DatasetRef> more = new ArrayList<>(inputs);
        more.add(input);
        return new DatasetLineage(more, model, runId, codeRevision, transform);
    }

    /** A copy naming the model version that produced it. */
    public DatasetLineage withModel(ModelVersionRef producedBy) {
        return new DatasetLineage(inputs, Optional.of(Objects.requireNonNull(producedBy, "producedBy")), runId,
                codeRevision, transform);
    }

    /** A copy naming the run that produced it. */
    public DatasetLineage withRun(String id) {
        return new DatasetLineage(inputs, model, Optional.of(Objects.requireNonNull(id, "id")), codeRevision, transform);
    }

    /** A copy with the code revision. */
    public DatasetLineage withCodeRevision(String revision) {
        return new DatasetLineage(inputs, model, runId, Optional.of(Objects.requireNonNull(revision, "revision")),
                transform);
    }

    /** A copy with the transformation's description. */
    public DatasetLineage withTransform(String text) {
        return new DatasetLineage(inputs, model, runId, codeRevision, Optional.of(Objects.requireNonNull(text, "text")));
    }

    /** E.g. {@code from patients:4 (input) by model cancer:2, transform 'batch scoring'}; {@code none} when nothing is recorded. */
    @Override
    public String toString() {
        if (isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        if (!inputs.isEmpty()) {
            parts.add("from " + String.join(", ", inputs.stream().map(DatasetRef::toString).toList()));
        }
        model.ifPresent(m -> parts.add("by model " + m.id()));
        runId.ifPresent(r -> parts.add("run " + r));
        codeRevision.ifPresent(c -> parts.add("code " + c));
        transform.ifPresent(t -> parts.add("transform '" + t + "'"));
        return String.join(", ", parts);
    }
}
