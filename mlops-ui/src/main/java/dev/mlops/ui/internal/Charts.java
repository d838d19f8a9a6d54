package dev.mlops.ui.internal;

import dev.mlops.registry.AliasMove;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.mlops.ui.internal.Html.esc;

/** Inline SVG charts (no script, no external assets), in the drift report's palette. Stateless and thread-safe. */
public final class Charts {
    static final String[] PALETTE = {"#4c78a8", "#f58518", "#54a24b", "#b279a2", "#e45756", "#72b7b2", "#9d755d"};
    private static final String ROLLBACK = "#d62728";

    private Charts() {
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** One point of a line chart. */
    public record Point(double x, double y) {
    }

    /**
     * A line chart of one series (e.g. a metric against its step), with min/max labels on both axes.
     *
     * @param xLabel what x is ("step" or "seconds")
     */
    public static String line(String title, List<Point> points, String xLabel) {
        int w = 520, h = 200, left = 56, right = 12, top = 14, bottom = 30;
        StringBuilder s = new StringBuilder(2048);
        s.append("<svg class=\"chart\" role=\"img\" viewBox=\"0 0 ").append(w).append(' ').append(h)
                .append("\" width=\"").append(w).append("\" height=\"").append(h).append("\"><title>")
                .append(esc(title)).append("</title>");
        List<Point> pts = new ArrayList<>();
        for (Point p : points) {
            if (Double.isFinite(p.y()) && Double.isFinite(p.x())) {
                pts.add(p);
            }
        }
        if (pts.isEmpty()) {
            return s.append("<text x=\"10\" y=\"20\" class=\"axis\">no finite values</text></svg>").toString();
        }
        double x0 = pts.get(0).x(), x1 = x0, y0 = pts.get(0).y(), y1 = y0;
        for (Point p : pts) {
            x0 = Math.min(x0, p.x());
            x1 = Math.max(x1, p.x());
            y0 = Math.min(y0, p.y());
            y1 = Math.max(y1, p.y());
        }
        if (x1 == x0) {
            x1 = x0 + 1;
        }
        if (y1 == y0) {
            y1 = y0 + Math.max(1e-9, Math.abs(y0) * 0.05 + 1e-9);
            y0 = y0 - (y1 - y0);
        }
        double pw = w - left - right, ph = h - top - bottom;
        s.append("<line class=\"grid\" x1=\"").append(left).append("\" y1=\"").append(top).append("\" x2=\"")
                .append(w - right).append("\" y2=\"").append(top).append("\"/>");
        s.append("<line class=\"grid\" x1=\"").append(left).append("\" y1=\"").append(top + ph).append("\" x2=\"")
                .append(w - right).append("\" y2=\"").append(top + ph).append("\"/>");
        s.append("<text class=\"axis\" x=\"").append(left - 4).append("\" y=\"").append(top + 4)
                .append("\" text-anchor=\"end\">").append(esc(Html.num(y1))).append("</text>");
        s.append("<text class=\"axis\" x=\"").append(left - 4).append("\" y=\"").append(f(top + ph))
                .append("\" text-anchor=\"end\">").append(esc(Html.num(y0))).append("</text>");
        s.append("<text class=\"axis\" x=\"").append(left).append("\" y=\"").append(h - 8).append("\">")
                .append(esc(Html.num(x0))).append("</text>");
        s.append("<text class=\"axis\" x=\"").append(w - right).append("\" y=\"").append(h - 8)
                .append("\" text-anchor=\"end\">").append(esc(Html.num(x1))).append("</text>");
        s.append("<text class=\"axis\" x=\"").append(f(left + pw / 2)).append("\" y=\"").append(h - 8)
                .append("\" text-anchor=\"middle\">").append(esc(xLabel)).append("</text>");
        s.append("<polyline fill=\"none\" stroke=\"").append(PALETTE[0]).append("\" stroke-width=\"2\" points=\"");
        // at most ~2 points per pixel column are drawn; a metric with 100 000 steps stays a small chart
        int stride = Math.max(1, pts.size() / (int) (pw * 2));
        for (int k = 0; k < pts.size(); k += stride) {
            Point p = pts.get(k);
            s.append(f(left + (p.x() - x0) / (x1 - x0) * pw)).append(',')
                    .append(f(top + ph - (p.y() - y0) / (y1 - y0) * ph)).append(' ');
        }
        Point last = pts.get(pts.size() - 1);
        s.append(f(left + (last.x() - x0) / (x1 - x0) * pw)).append(',')
                .append(f(top + ph - (last.y() - y0) / (y1 - y0) * ph));
        s.append("\"/>");
        if (pts.size() <= 60) {
            for (Point p : pts) {
                s.append("<circle r=\"3\" fill=\"").append(PALETTE[0]).append("\" cx=\"")
                        .append(f(left + (p.x() - x0) / (x1 - x0) * pw)).append("\" cy=\"")
                        .append(f(top + ph - (p.y() - y0) / (y1 - y0) * ph)).append("\"><title>")
                        .append(esc(xLabel + " " + Html.num(p.x()) + ": " + Html.num(p.y()))).append("</title></circle>");
            }
        }
        return s.append("</svg>").toString();
    }

    /**
     * The alias timeline: one lane per alias, time left to right; each move is a dot labelled with the version it
     * moved to (a hollow dot when it cleared the alias), a rollback is a red dot with a ↶ mark, and the stretch
     * between two moves is a bar labelled with the version the alias pointed at. Hovering shows who, when and why.
     *
     * @param histories alias → its moves, oldest first
     * @param now       the right edge of the chart
     * @param link      alias → link to the alias page (already escaped)
     */
    public static String aliasTimeline(Map<String, List<AliasMove>> histories, Instant now, Map<String, String> link) {
        int lanes = Math.max(1, histories.size());
        int w = 900, left = 120, right = 20, top = 24, lane = 46, h = top + lanes * lane + 28;
        Instant first = now, lastT = now;
        for (List<AliasMove> moves : histories.values()) {
            for (AliasMove m : moves) {
                if (m.at().isBefore(first)) {
                    first = m.at();
                }
                if (m.at().isAfter(lastT)) {
                    lastT = m.at();
                }
            }
        }
        double span = Math.max(1, lastT.toEpochMilli() - first.toEpochMilli());
        double t0 = first.toEpochMilli() - span * 0.03, t1 = lastT.toEpochMilli() + span * 0.06;
        double pw = w - left - right;
        StringBuilder s = new StringBuilder(4096);
        s.append("<svg class=\"timeline\" role=\"img\" viewBox=\"0 0 ").append(w).append(' ').append(h)
                .append("\" width=\"").append(w).append("\" height=\"").append(h)
                .append("\"><title>Alias history: who moved which alias to which version, when</title>");
        s.append("<text class=\"axis\" x=\"").append(left).append("\" y=\"14\">").append(esc(Html.when(first)))
                .append("</text><text class=\"axis\" text-anchor=\"end\" x=\"").append(w - right).append("\" y=\"14\">")
                .append(esc(Html.when(lastT))).append("</text>");
        int row = 0;
        for (Map.Entry<String, List<AliasMove>> e : histories.entrySet()) {
            double y = top + row * lane + lane / 2.0;
            String colour = PALETTE[row % PALETTE.length];
            s.append("<line class=\"grid\" x1=\"").append(left).append("\" x2=\"").append(w - right).append("\" y1=\"")
                    .append(f(y)).append("\" y2=\"").append(f(y)).append("\"/>");
            String href = link.get(e.getKey());
            if (href != null) {
                s.append("<a href=\"").append(href).append("\">");
            }
            s.append("<text class=\"lane\" x=\"").append(left - 8).append("\" y=\"").append(f(y + 4))
                    .append("\" text-anchor=\"end\">").append(esc(e.getKey())).append("</text>");
            if (href != null) {
                s.append("</a>");
            }
            List<AliasMove> moves = e.getValue();
            for (int k = 0; k < moves.size(); k++) {
                AliasMove m = moves.get(k);
                double x = left + (m.at().toEpochMilli() - t0) / (t1 - t0) * pw;
                double xEnd = k + 1 < moves.size()
                        ? left + (moves.get(k + 1).at().toEpochMilli() - t0) / (t1 - t0) * pw : w - right;
                if (m.to().isPresent()) {
                    s.append("<rect x=\"").append(f(x)).append("\" y=\"").append(f(y - 9)).append("\" width=\"")
                            .append(f(Math.max(1, xEnd - x))).append("\" height=\"18\" rx=\"3\" fill=\"").append(colour)
                            .append("\" fill-opacity=\"0.22\"/>");
                    if (xEnd - x > 26) {
                        s.append("<text class=\"ver\" x=\"").append(f(x + 8)).append("\" y=\"").append(f(y + 4))
                                .append("\">v").append(m.to().getAsInt()).append("</text>");
                    }
                }
                boolean rollback = m.kind() == AliasMove.Kind.ROLLBACK;
                s.append("<g class=\"move").append(rollback ? " rollback" : "").append("\"><title>")
                        .append(esc("#" + m.sequence() + " " + Html.when(m.at()) + " by " + m.actor() + ": "
                                + (m.from().isPresent() ? "v" + m.from().getAsInt() : "(unset)") + " → "
                                + (m.to().isPresent() ? "v" + m.to().getAsInt() : "(unset)")
                                + (rollback ? " (rollback)" : "") + (m.reason().isEmpty() ? "" : " — " + m.reason())))
                        .append("</title><circle cx=\"").append(f(x)).append("\" cy=\"").append(f(y)).append("\" r=\"")
                        .append(rollback ? 7 : 5).append("\" fill=\"").append(m.to().isEmpty() ? "#fff" : rollback ? ROLLBACK : colour)
                        .append("\" stroke=\"").append(rollback ? ROLLBACK : colour).append("\" stroke-width=\"2\"/>");
                if (rollback) {
                    s.append("<text class=\"rb\" x=\"").append(f(x)).append("\" y=\"").append(f(y - 12))
                            .append("\" text-anchor=\"middle\">↶ rollback</text>");
                }
                s.append("<text class=\"who\" x=\"").append(f(x)).append("\" y=\"").append(f(y + 21))
                        .append("\" text-anchor=\"middle\">").append(esc(abbreviate(m.actor(), 14))).append("</text></g>");
            }
            row++;
        }
        s.append("<g class=\"legend\"><circle cx=\"").append(left + 6).append("\" cy=\"").append(h - 10)
                .append("\" r=\"5\" fill=\"").append(PALETTE[0]).append("\"/><text class=\"axis\" x=\"").append(left + 16)
                .append("\" y=\"").append(h - 6).append("\">move (label: who)</text><circle cx=\"").append(left + 150)
                .append("\" cy=\"").append(h - 10).append("\" r=\"6\" fill=\"").append(ROLLBACK)
                .append("\"/><text class=\"axis\" x=\"").append(left + 160).append("\" y=\"").append(h - 6)
                .append("\">rollback</text><circle cx=\"").append(left + 240).append("\" cy=\"").append(h - 10)
                .append("\" r=\"5\" fill=\"#fff\" stroke=\"#555\" stroke-width=\"2\"/><text class=\"axis\" x=\"")
                .append(left + 250).append("\" y=\"").append(h - 6).append("\">cleared</text></g>");
        return s.append("</svg>").toString();
    }

    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /** A box of a lineage graph: its label, a second line, a link (escaped) or null, and whether it is the subject. */
    public record Node(String label, String detail, String href, boolean subject) {
    }

    /**
     * A lineage graph in columns, left to right (e.g. data sets → run → this version → outputs), with an arrow per
     * edge; an edge names its two boxes by their labels. Boxes link to their pages.
     */
    public static String lineage(String title, List<List<Node>> columns, List<Map.Entry<String, String>> edges) {
        int colW = 200, gap = 60, boxH = 40, vgap = 14;
        int maxRows = 1;
        for (List<Node> c : columns) {
            maxRows = Math.max(maxRows, c.size());
        }
        int shown = Math.min(maxRows, 12);
        int w = columns.size() * colW + (columns.size() - 1) * gap + 20;
        int h = shown * (boxH + vgap) + 20;
        StringBuilder s = new StringBuilder(4096);
        s.append("<svg class=\"lineage\" role=\"img\" viewBox=\"0 0 ").append(w).append(' ').append(h)
                .append("\" width=\"").append(w).append("\" height=\"").append(h).append("\"><title>").append(esc(title))
                .append("</title><defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" ")
                .append("markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0L10,5L0,10z\" fill=\"#888\"/></marker></defs>");
        Map<String, double[]> at = new java.util.HashMap<>(); // label → x, y of the box
        for (int c = 0; c < columns.size(); c++) {
            List<Node> col = columns.get(c);
            for (int r = 0; r < Math.min(col.size(), shown); r++) {
                at.putIfAbsent(col.get(r).label(), new double[] {10 + c * (colW + gap), y(r, col.size(), shown, boxH, vgap)});
            }
        }
        for (Map.Entry<String, String> e : edges) {
            double[] a = at.get(e.getKey());
            double[] b = at.get(e.getValue());
            if (a != null && b != null) {
                s.append("<line class=\"edge\" x1=\"").append(f(a[0] + colW)).append("\" y1=\"").append(f(a[1] + boxH / 2.0))
                        .append("\" x2=\"").append(f(b[0])).append("\" y2=\"").append(f(b[1] + boxH / 2.0))
                        .append("\" marker-end=\"url(#arrow)\"/>");
            }
        }
        for (int c = 0; c < columns.size(); c++) {
            List<Node> col = columns.get(c);
            int x = 10 + c * (colW + gap);
            for (int r = 0; r < Math.min(col.size(), shown); r++) {
                Node n = col.get(r);
                double y = y(r, col.size(), shown, boxH, vgap);
                if (n.href() != null) {
                    s.append("<a href=\"").append(n.href()).append("\">");
                }
                s.append("<rect class=\"node").append(n.subject() ? " subject" : "").append("\" x=\"").append(x)
                        .append("\" y=\"").append(f(y)).append("\" width=\"").append(colW).append("\" height=\"")
                        .append(boxH).append("\" rx=\"6\"><title>").append(esc(n.label() + " (" + n.detail() + ")"))
                        .append("</title></rect><text class=\"nl\" x=\"").append(x + 8).append("\" y=\"")
                        .append(f(y + 16)).append("\">").append(esc(abbreviate(n.label(), 25))).append("</text><text class=\"nd\" x=\"")
                        .append(x + 8).append("\" y=\"").append(f(y + 32)).append("\">").append(esc(abbreviate(n.detail(), 32)))
                        .append("</text>");
                if (n.href() != null) {
                    s.append("</a>");
                }
            }
            if (col.size() > shown) {
                s.append("<text class=\"axis\" x=\"").append(x).append("\" y=\"").append(h - 4).append("\">+")
                        .append(col.size() - shown).append(" more</text>");
            }
        }
        return s.append("</svg>").toString();
    }

    private static double y(int r, int n, int shown, int boxH, int vgap) {
        int rows = Math.min(n, shown);
        double total = shown * (boxH + vgap);
        double used = rows * (boxH + vgap);
        return 10 + (total - used) / 2 + r * (boxH + vgap);
    }
}
