package dev.mlops.ui.internal;

import dev.mlops.registry.Registry;
import dev.mlops.registry.spi.NotFoundException;
import dev.mlops.registry.spi.RegistryException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Routes a path to its page. Holds no mutable state: every request reads the registry afresh, so one site serves any
 * number of threads. Thread-safe.
 */
public final class Site {
    private static final Pattern USERINFO = Pattern.compile("(?<=//)[^/@\\s]*@");
    private static final Pattern SECRET_PARAM = Pattern.compile("(?i)((?:password|secret|token|key)[^=&\\s]*=)[^&\\s]*");
    final Registry registry;
    final int pageSize;
    final Clock clock;
    final String store;
    /**
     * Alias histories by model and alias, each with the alias revision it was read at. A history is append-only, so
     * while the revision (two record reads) is unchanged the cached copy is the whole history; reading it afresh
     * costs one record read per move. Bounded: cleared when it holds {@value #MAX_CACHED_HISTORIES} aliases.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, CachedHistory> histories =
            new java.util.concurrent.ConcurrentHashMap<>();
    static final int MAX_CACHED_HISTORIES = 1024;

    private record CachedHistory(long revision, dev.mlops.registry.AliasHistory history) {
    }

    /** A site over {@code registry}, {@code pageSize} rows per listing page. */
    public Site(Registry registry, int pageSize, Clock clock) {
        this.registry = registry;
        this.pageSize = pageSize;
        this.clock = clock;
        this.store = redact(registry.description());
    }

    /** The history of an alias, from the cache when the alias has not moved since it was read. */
    dev.mlops.registry.AliasHistory aliasHistory(String model, String alias) {
        String key = model + "\u0000" + alias;
        long revision = registry.aliasRevision(model, alias);
        CachedHistory c = histories.get(key);
        if (c != null && c.revision() == revision) {
            return c.history();
        }
        dev.mlops.registry.AliasHistory h = registry.aliasHistory(model, alias);
        if (histories.size() >= MAX_CACHED_HISTORIES) {
            histories.clear();
        }
        // read after the revision: if it moved in between, the next request sees a newer revision and reads again
        histories.put(key, new CachedHistory(revision, h));
        return h;
    }

    /** {@code uri} without user info or secret-looking query parameters. */
    public static String redact(String uri) {
        String s = USERINFO.matcher(uri).replaceAll("***@");
        return SECRET_PARAM.matcher(s).replaceAll("$1***");
    }

    /**
     * The answer to {@code GET path?query}; {@code path} is relative to where the browser is mounted, {@code base} is
     * that mount path (prepended to every link).
     */
    public Response get(String base, String path, String rawQuery) {
        try {
            return route(base, segments(path), query(rawQuery));
        } catch (NotFoundException e) {
            return error(base, 404, "Not found", e.getMessage());
        } catch (IllegalArgumentException | dev.mlops.registry.spi.InvalidNameException e) {
            return error(base, 400, "Bad request", e.getMessage());
        } catch (RegistryException e) {
            return error(base, 500, "The store failed", e.getMessage());
        }
    }

    private Response route(String base, List<String> s, Map<String, String> q) {
        int n = s.size();
        ModelPages models = new ModelPages(this, base);
        if (n == 0 || n == 1 && s.get(0).equals("models")) {
            return models.list();
        }
        switch (s.get(0)) {
            case "models" -> {
                String model = Registry.checkName("model", s.get(1));
                if (n == 2) {
                    return models.model(model, q.get("page"));
                }
                if (n == 3 && s.get(2).equals("compare")) {
                    return models.compare(model, number(q.get("a"), "a"), number(q.get("b"), "b"));
                }
                if (n == 4 && s.get(2).equals("versions")) {
                    return new VersionPage(this, base).render(model, number(s.get(3), "version"), "1".equals(q.get("verify")));
                }
                if (n == 4 && s.get(2).equals("aliases")) {
                    return models.alias(model, Registry.checkName("alias", s.get(3)), q.get("asOf"));
                }
                if (n == 6 && s.get(2).equals("versions") && s.get(4).equals("attachments")) {
                    return new Attachments(this, base).render(model, number(s.get(3), "version"), s.get(5));
                }
            }
            case "runs" -> {
                RunPages runs = new RunPages(this, base);
                if (n == 1) {
                    return runs.search(q.get("q"), q.get("experiment"));
                }
                if (n == 2 && s.get(1).equals("compare")) {
                    return runs.compare(required(q, "a"), required(q, "b"));
                }
                if (n == 2) {
                    return runs.run(s.get(1));
                }
            }
            case "datasets" -> {
                DatasetPages ds = new DatasetPages(this, base);
                if (n == 1) {
                    return ds.list();
                }
                String name = Registry.checkName("data set", s.get(1));
                if (n == 2) {
                    return ds.dataset(name);
                }
                if (n == 3 && s.get(2).equals("diff")) {
                    return ds.diff(name, number(q.get("from"), "from"), number(q.get("to"), "to"));
                }
                if (n == 4 && s.get(2).equals("versions")) {
                    return ds.version(name, number(s.get(3), "version"));
                }
            }
            case "health" -> {
                if (n == 1) {
                    return new DatasetPages(this, base).health("1".equals(q.get("verify")));
                }
            }
            default -> {
            }
        }
        return error(base, 404, "Not found", "No page at /" + String.join("/", s) + ". Start at the models list.");
    }

    private static String required(Map<String, String> q, String key) {
        String v = q.get(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("Expected the query parameter '" + key + "', found none");
        }
        return v;
    }

    static int number(String s, String what) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException("Expected a " + what + " number, found none");
        }
        try {
            int v = Integer.parseInt(s.trim());
            if (v < 1) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Expected a " + what + " number 1, 2, 3 …, found '" + abbreviate(s) + "'");
        }
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "…";
    }

    Response error(String base, int status, String title, String message) {
        Html h = new Html(base);
        h.el("h1", title).raw("<div class=\"verdict bad\" id=\"main-message\">").text(message).raw("</div>");
        return Response.html(status, Layout.page(title, base, store, h.toString(), false));
    }

    Response page(String base, String title, Html body, boolean sortable) {
        return Response.html(200, Layout.page(title, base, store, body.toString(), sortable));
    }

    static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String p : path.split("/")) {
            if (!p.isEmpty()) {
                out.add(URLDecoder.decode(p.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        if (raw.length() > 8192) {
            throw new IllegalArgumentException("A query is at most 8192 characters");
        }
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }
}
