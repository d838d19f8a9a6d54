package dev.mlops.ui;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.mlops.registry.Registry;
import dev.mlops.ui.internal.Response;
import dev.mlops.ui.internal.Site;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A read-only web view of a {@link Registry}: models, versions with their signature, lineage graph and drift reports,
 * alias timelines with rollbacks, runs with metric charts, data sets with diffs, and the store check. Pages are
 * server-rendered HTML with inline CSS and SVG; the one inline script sorts tables. Nothing is fetched from the
 * network, nothing is written to the store.
 *
 * <p>Mount it in an application's own {@link HttpServer} (links follow the mount path):
 * <pre>{@code
 * server.createContext("/registry", RegistryBrowser.builder(registry).build());
 * }</pre>
 * or let it serve on its own:
 * <pre>{@code
 * try (RegistryBrowser.Server ui = RegistryBrowser.builder(registry).build().start("127.0.0.1", 8080)) {
 *     System.out.println(ui.uri());
 *     ...
 * }
 * }</pre>
 *
 * <p>Safe by default: only {@code GET} and {@code HEAD} are answered (anything else gets 405), every string from the
 * store is HTML-escaped, every page carries a strict Content-Security-Policy (scripts and styles allowed by their
 * SHA-256 only; a rendered drift report, shown in a sandboxed frame, allows inline styles and no script),
 * {@code X-Content-Type-Options: nosniff}, {@code Referrer-Policy: no-referrer}, and the store's description has
 * any credentials removed. {@link #start(String, int)} binds where it is told; the command line binds 127.0.0.1
 * unless told otherwise.
 *
 * <p>Stable URLs: {@code /models/NAME}, {@code /models/NAME/versions/N}, {@code /models/NAME/aliases/ALIAS?asOf=ISO},
 * {@code /models/NAME/compare?a=N&b=M}, {@code /runs?q=FILTER}, {@code /runs/ID}, {@code /datasets/NAME/versions/N},
 * {@code /datasets/NAME/diff?from=N&to=M}, {@code /health}.
 *
 * <p>Thread-safe: the browser keeps no per-request state and reads the registry (itself thread-safe) afresh on every
 * request, so any number of server threads may call {@link #handle} at once.
 */
public final class RegistryBrowser implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryBrowser.class);
    /** Rows per page of the versions table unless {@link Builder#pageSize} says otherwise. */
    public static final int DEFAULT_PAGE_SIZE = 50;
    private final Site site;

    private RegistryBrowser(Builder b) {
        this.site = new Site(b.registry, b.pageSize, b.clock);
    }

    /** A builder for a browser over {@code registry} (which the browser reads but never closes). */
    public static Builder builder(Registry registry) {
        return new Builder(registry);
    }

    /**
     * Renders one page without a server: {@code pathAndQuery} such as {@code /models/fraud/versions/3}. For tests
     * and for writing pages to files.
     *
     * @return the HTML (or, for a non-HTML attachment, its bytes decoded as UTF-8)
     */
    public String render(String pathAndQuery) {
        URI uri = URI.create(Objects.requireNonNull(pathAndQuery, "pathAndQuery"));
        Response r = site.get("", uri.getRawPath() == null ? "/" : uri.getRawPath(), uri.getRawQuery());
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            var headers = exchange.getResponseHeaders();
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Referrer-Policy", "no-referrer");
            headers.set("Cache-Control", "no-store");
            if (!method.equals("GET") && !method.equals("HEAD")) {
                headers.set("Allow", "GET, HEAD");
                headers.set("Content-Type", "text/plain; charset=utf-8");
                byte[] body = "This view is read-only: only GET and HEAD are allowed.\n".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(405, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            String context = exchange.getHttpContext().getPath();
            String base = context.endsWith("/") ? context.substring(0, context.length() - 1) : context;
            String path = exchange.getRequestURI().getRawPath();
            String rel = path.startsWith(base) ? path.substring(base.length()) : path;
            Response r;
            try {
                r = site.get(base, rel, exchange.getRequestURI().getRawQuery());
            } catch (RuntimeException e) {
                LOG.warn("page {} failed", path, e);
                r = new Response(500, "text/plain; charset=utf-8",
                        ("The page failed: " + e.getClass().getSimpleName() + ". See the server log.\n")
                                .getBytes(StandardCharsets.UTF_8), "default-src 'none'", Map.of());
            }
            headers.set("Content-Type", r.contentType());
            headers.set("Content-Security-Policy", r.csp());
            headers.set("X-Frame-Options", "SAMEORIGIN");
            r.headers().forEach(headers::set);
            if (method.equals("HEAD")) {
                headers.set("Content-Length", Integer.toString(r.body().length));
                exchange.sendResponseHeaders(r.status(), -1);
            } else {
                exchange.sendResponseHeaders(r.status(), r.body().length == 0 ? -1 : r.body().length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(r.body());
                }
            }
        }
    }

    /**
     * Serves this browser at the root of a new server on {@code bind}:{@code port} ({@code 0} picks a free port),
     * with a small pool of daemon threads. Close the returned handle to stop it.
     *
     * @throws UncheckedIOException if the address cannot be bound (the message names it)
     */
    public Server start(String bind, int port) {
        Objects.requireNonNull(bind, "bind");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("A port is 0-65535, found " + port);
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(bind), port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on " + bind + ":" + port + " (" + e.getMessage()
                    + "); is the port in use? Pick another with --port.", e);
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "mlops-ui-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/", this);
        server.start();
        return new Server(server, pool);
    }

    /**
     * A running server; {@link #close()} stops accepting, lets requests in flight finish (for up to one second) and
     * ends its threads. Thread-safe; closing twice does nothing.
     */
    public static final class Server implements AutoCloseable {
        private final HttpServer server;
        private final ExecutorService pool;
        private final URI uri;
        private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

        private Server(HttpServer server, ExecutorService pool) {
            this.server = server;
            this.pool = pool;
            InetSocketAddress a = server.getAddress();
            String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
            if (host.contains(":")) {
                host = "[" + host + "]";
            }
            this.uri = URI.create("http://" + host + ":" + a.getPort() + "/");
        }

        /** Where it serves, e.g. {@code http://127.0.0.1:8080/}. */
        public URI uri() {
            return uri;
        }

        /** The port it is bound to. */
        public int port() {
            return server.getAddress().getPort();
        }

        @Override
        public void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            server.stop(1);
            pool.shutdown();
            try {
                if (!pool.awaitTermination(2, TimeUnit.SECONDS)) {
                    pool.shutdownNow();
                }
            } catch (InterruptedException e) {
                pool.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Configures a {@link RegistryBrowser}. Not thread-safe. */
    public static final class Builder {
        private final Registry registry;
        private int pageSize = DEFAULT_PAGE_SIZE;
        private boolean pageSizeSet;
        private Clock clock = Clock.systemUTC();

        private Builder(Registry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /** Rows per page of the versions table, 1-1000 (default 50). */
        public Builder pageSize(int rows) {
            if (pageSizeSet) {
                throw new IllegalStateException("pageSize was already set to " + pageSize);
            }
            if (rows < 1 || rows > 1000) {
                throw new IllegalArgumentException("A page size is 1-1000 rows, found " + rows);
            }
            this.pageSize = rows;
            this.pageSizeSet = true;
            return this;
        }

        /** The clock that places "now" on the alias timeline (default: the system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public RegistryBrowser build() {
            return new RegistryBrowser(this);
        }
    }
}
