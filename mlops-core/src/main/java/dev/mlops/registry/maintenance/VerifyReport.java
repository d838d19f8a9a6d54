package dev.mlops.registry.maintenance;

import dev.mlops.registry.Registry;

import java.util.List;
import java.util.Objects;

/**
 * What {@code Registry.verify()} found (like {@code git fsck}); it changes nothing. Unreferenced blobs are not problems
 * (an interrupted upload leaves them; garbage collection reclaims them), but they are counted. Immutable and
 * thread-safe.
 *
 * @param blobsChecked      blobs re-hashed
 * @param bytesChecked      bytes re-hashed
 * @param recordsChecked    records parsed
 * @param problems          everything wrong, in the order found
 * @param unreferencedBlobs blobs no record references
 * @param unreferencedBytes their total size
 */
public record VerifyReport(long blobsChecked, long bytesChecked, long recordsChecked, List<Problem> problems,
                           long unreferencedBlobs, long unreferencedBytes) {
    /**
     * One problem.
     *
     * @param kind    what kind of problem
     * @param subject the record key or blob digest concerned
     * @param message what is wrong and what to do
     */
    public record Problem(Kind kind, String subject, String message) {
        public Problem {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(message, "message");
        }
    }

    /** Kinds of problem. */
    public enum Kind {
        /** A blob's bytes do not hash to its digest. */
        CORRUPT_BLOB,
        /** A record is not a valid document. */
        UNREADABLE_RECORD,
        /** A record references a blob, version or data set that does not exist. */
        MISSING_REFERENCE,
        /** An alias history's hash chain is broken. */
        BROKEN_ALIAS_CHAIN,
        /** Version numbers are not exactly 1..n. */
        VERSION_GAP,
        /** A recorded size, file count or signature does not match the content it describes. */
        WRONG_METADATA
    }

    public VerifyReport {
        problems = List.copyOf(problems);
    }

    /** Whether nothing is wrong. */
    public boolean isClean() {
        return problems.isEmpty();
    }
}
