package dev.mlops.registry.event;

/**
 * Receives registry events. Called synchronously on the thread that made the change, right after it was committed,
 * one event at a time and in commit order (the registry holds its event lock while calling). An exception thrown by a
 * listener is logged and counted, never thrown to the caller that made the change. Keep listeners quick; hand slow work
 * to an executor. Changes made by other processes are not delivered: poll {@code Registry.aliasRevision} or
 * {@code Registry.latest} for those. Implementations must tolerate being called from any thread.
 */
@FunctionalInterface
public interface RegistryListener {
    void onEvent(RegistryEvent event);
}
