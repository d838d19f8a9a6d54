package dev.mlops.ui.internal;

/**
 * The page frame: one inline style sheet and one inline script, both allowed by their SHA-256 in the
 * Content-Security-Policy, so no other script or style can run even if markup were injected. Stateless and
 * thread-safe.
 */
public final class Layout {
    static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto 24px;max-width:1180px;\
            color:#222;padding:0 16px}
            nav{display:flex;gap:18px;align-items:baseline;padding:10px 0;border-bottom:1px solid #ddd;margin-bottom:14px}
            nav .brand{font-weight:700}nav .store{margin-left:auto;color:#777;font-size:12px}
            a{color:#1f5fa8;text-decoration:none}a:hover{text-decoration:underline}
            h1{font-size:22px;margin:0 0 12px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd}\
            h3{font-size:15px;margin:14px 0 6px}
            dl.meta{display:flex;flex-wrap:wrap;gap:6px 22px;margin:0 0 8px}dl.meta div{display:flex;gap:6px}\
            dt{color:#666}dd{margin:0;font-weight:600}
            table{border-collapse:collapse;width:100%;font-size:13px}th,td{padding:4px 8px;border-bottom:1px solid #eee;\
            text-align:left;vertical-align:top}th{background:#f6f6f6;position:sticky;top:0}
            td.n,th.n{text-align:right;white-space:nowrap}table.sortable th{cursor:pointer}
            th[aria-sort=ascending]::after{content:" \\25B2"}th[aria-sort=descending]::after{content:" \\25BC"}
            .scroll{overflow-x:auto}.desc{white-space:pre-wrap;color:#333}
            .badge{display:inline-block;padding:0 7px;border-radius:9px;font-size:12px;font-weight:600;background:#e8e8e8}
            .badge.bad{background:#d62728;color:#fff}.badge.good{background:#2ca02c;color:#fff}\
            .badge.alias{background:#dbe7f5;color:#1f4f88}
            .verdict{padding:10px 14px;border-radius:6px;font-weight:600;margin:8px 0}
            .verdict.bad{background:#fde2e1;color:#8a1c1c}.verdict.good{background:#e3f4e1;color:#1d5e1a}
            .card{border:1px solid #ddd;border-radius:6px;padding:10px 14px;margin:12px 0;overflow-x:auto}
            .note{color:#777;font-size:12px}code,.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
            td.before{color:#8a1c1c}td.after{color:#1d5e1a}
            form.inline{display:flex;gap:8px;align-items:center;flex-wrap:wrap;margin:8px 0}
            input[type=text]{font:inherit;padding:3px 6px;min-width:320px}
            svg .grid{stroke:#e5e5e5;stroke-width:1}svg .axis{font-size:10px;fill:#555}svg .lane{font-size:12px;fill:#222}
            svg .ver{font-size:11px;fill:#333;font-weight:600}svg .who{font-size:9px;fill:#666}\
            svg .rb{font-size:10px;fill:#d62728;font-weight:700}
            svg .node{fill:#f6f6f6;stroke:#999}svg .node.subject{fill:#dbe7f5;stroke:#1f4f88;stroke-width:2}
            svg .nl{font-size:12px;font-weight:600;fill:#222}svg .nd{font-size:10px;fill:#555}\
            svg .edge{stroke:#888;stroke-width:1.5}
            iframe.report{width:100%;height:720px;border:1px solid #ddd;border-radius:6px}
            .pager{margin:8px 0;display:flex;gap:14px}
            footer{margin-top:30px;color:#888;font-size:12px}
            """;
    static final String SCRIPT = """
            document.querySelectorAll('table.sortable th').forEach(function (th) {
              th.addEventListener('click', function () {
                var table = th.closest('table'), body = table.tBodies[0];
                var col = Array.prototype.indexOf.call(th.parentNode.children, th);
                var asc = th.getAttribute('aria-sort') !== 'ascending';
                table.querySelectorAll('th').forEach(function (h) { h.removeAttribute('aria-sort'); });
                th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
                function key(row) {
                  var cell = row.cells[col], v = cell ? (cell.getAttribute('data-v') || cell.textContent.trim()) : '';
                  var n = Number(v);
                  return v !== '' && !isNaN(n) ? n : v;
                }
                var rows = Array.prototype.slice.call(body.rows);
                rows.sort(function (a, b) {
                  var x = key(a), y = key(b), nx = typeof x === 'number', ny = typeof y === 'number';
                  if (x === '' || y === '') { return x === y ? 0 : (x === '' ? 1 : -1); }
                  if (nx && ny) { return asc ? x - y : y - x; }
                  if (nx !== ny) { return nx ? -1 : 1; }
                  return asc ? String(x).localeCompare(String(y)) : String(y).localeCompare(String(x));
                });
                rows.forEach(function (r) { body.appendChild(r); });
              });
            });
            """;
    /** The policy of every page but a rendered drift report. */
    public static final String CSP = "default-src 'none'; style-src 'sha256-" + Html.sha256(CSS) + "'; script-src 'sha256-"
            + Html.sha256(SCRIPT) + "'; img-src 'self' data:; frame-src 'self'; frame-ancestors 'self'; "
            + "form-action 'self'; base-uri 'none'";
    /**
     * The policy of a rendered drift report (shown in a sandboxed frame): the report writes inline {@code style}
     * attributes, which only {@code 'unsafe-inline'} allows; it runs no script at all.
     */
    public static final String REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
            + "frame-ancestors 'self'; base-uri 'none'; form-action 'none'; sandbox";

    private Layout() {
    }

    /** The whole document around {@code body} (markup written by this module). */
    public static String page(String title, String base, String storeDescription, String body, boolean sortable) {
        Html h = new Html(base);
        h.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>").text(title)
                .raw(" · mlops</title>\n<style>").raw(CSS).raw("</style>\n</head>\n<body>\n<nav><span class=\"brand\">")
                .link("/", "mlops registry").raw("</span>").link("/", "Models").link("/runs", "Runs")
                .link("/datasets", "Data sets").link("/health", "Store health").raw("<span class=\"store\">")
                .text(storeDescription).raw("</span></nav>\n<main>\n").raw(body).raw("</main>\n<footer>Read-only view. ")
                .raw("</footer>\n");
        if (sortable) {
            h.raw("<script>").raw(SCRIPT).raw("</script>\n");
        }
        return h.raw("</body>\n</html>\n").toString();
    }
}
