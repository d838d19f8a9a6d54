/** The pages, charts and routing of the registry browser. Not API. */
package dev.mlops.ui.internal;
