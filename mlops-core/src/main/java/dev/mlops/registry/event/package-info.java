/**
 * Typed registry events ({@link dev.mlops.registry.event.VersionRegistered},
 * {@link dev.mlops.registry.event.AliasMoved} …) and the {@link dev.mlops.registry.event.RegistryListener} that
 * receives them in commit order.
 */
package dev.mlops.registry.event;
