/**
 * A read-only web view of a registry ({@link dev.mlops.ui.RegistryBrowser}): served by the JDK's HTTP server or
 * mounted in an application's own. Implementation in {@code dev.mlops.ui.internal}, which is not API.
 */
package dev.mlops.ui;
