package dev.mlops.registry.maintenance;

/**
 * What a garbage collection found and did. Immutable and thread-safe.
 *
 * @param dryRun           whether nothing was deleted
 * @param blobsScanned     blobs in the store
 * @param referenced       blobs a live record references
 * @param inGracePeriod    unreferenced blobs kept because they were put recently (uploads in progress)
 * @param reclaimable      unreferenced blobs past the grace period
 * @param reclaimableBytes their bytes
 * @param deleted          blobs deleted (0 in a dry run)
 * @param deletedBytes     bytes deleted
 */
public record GcReport(boolean dryRun, long blobsScanned, long referenced, long inGracePeriod, long reclaimable,
                       long reclaimableBytes, long deleted, long deletedBytes) {
}
