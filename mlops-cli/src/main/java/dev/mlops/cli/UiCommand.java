package dev.mlops.cli;

import dev.mlops.registry.Registry;
import dev.mlops.ui.RegistryBrowser;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code mlops ui [--store URI] [--port 8080] [--bind 127.0.0.1]}: serves the read-only registry browser. The URL is
 * the first line of stdout; it serves until the process is stopped (Ctrl-C or SIGTERM close the server and the store
 * cleanly, through a shutdown hook). Not thread-safe; one instance per invocation.
 */
@Command(name = "ui",
        mixinStandardHelpOptions = true,
        description = {"Serve a read-only web view of the registry: models, versions, aliases with their history,"
                + " runs, data sets, lineage, drift reports and the store check.",
                "Prints the URL as the first line of stdout and serves until stopped (Ctrl-C or SIGTERM)."},
        footer = {"", "Example:", "  bin/mlops ui --store file:./mlops-data --port 8080"})
public final class UiCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    MlopsCli top;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--store", paramLabel = "URI",
            description = "The registry store (default: $MLOPS_STORE, else file:./mlops-data).")
    String store;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "The port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "The address to listen on (default: ${DEFAULT-VALUE}, this machine only). The view has no"
                    + " login: bind another address only on a network you trust.")
    String bind;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port is 0-65535, found " + port);
        }
        String uri = RegistryCommand.storeUri(store, top);
        Registry registry;
        try {
            registry = Registry.openExisting(uri);
        } catch (dev.mlops.registry.spi.NotFoundException e) {
            throw new IllegalArgumentException("no registry store at " + uri + " (" + RegistryCommand.whyMissing(uri)
                    + "); check --store or $MLOPS_STORE");
        }
        RegistryBrowser.Server server;
        try {
            server = RegistryBrowser.builder(registry).build().start(bind, port);
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Thread hook = new Thread(() -> {
            server.close();
            registry.close();
            err.println("mlops ui: stopped");
            err.flush();
            stopped.countDown();
        }, "mlops-ui-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println(server.uri());
        out.flush();
        err.println("mlops ui: serving " + registry.description() + " read-only at " + server.uri()
                + " (Ctrl-C or SIGTERM stops it)");
        err.flush();
        stopped.await();
        return 0;
    }
}
