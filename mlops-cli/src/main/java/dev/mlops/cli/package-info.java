/**
 * The {@code mlops} command line (contract: CLI.md). Entry point {@link dev.mlops.cli.MlopsCli}; run it through the
 * launcher {@code bin/mlops}.
 */
package dev.mlops.cli;
