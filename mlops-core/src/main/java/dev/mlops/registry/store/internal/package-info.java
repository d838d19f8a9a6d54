/**
 * Implementation details of the core stores (lock striping, the record file format). Not API: may change in any
 * release without notice.
 */
package dev.mlops.registry.store.internal;
