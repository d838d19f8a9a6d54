package dev.mlops.ui;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** DOM-like checks over a rendered page: balanced tags, and the text of elements found by id. */
final class HtmlChecks {
    private static final Pattern TAG = Pattern.compile("<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\"[^\"]*\"|'[^']*'|[^'\">])*)>");
    private static final Set<String> VOID = Set.of("meta", "input", "br", "img", "hr", "link", "wbr", "col", "source");
    private static final Set<String> SVG_SELF_CLOSING_OK = Set.of("line", "rect", "circle", "path", "polyline", "marker");

    private HtmlChecks() {
    }

    /** Every opened element is closed in order (void and self-closed elements excepted); script/style are raw text. */
    static void assertWellFormed(String html) {
        assertThat(html).startsWith("<!DOCTYPE html>");
        Deque<String> open = new ArrayDeque<>();
        Matcher m = TAG.matcher(html);
        int from = 0;
        while (m.find(from)) {
            String name = m.group(2).toLowerCase(java.util.Locale.ROOT);
            boolean closing = !m.group(1).isEmpty();
            boolean selfClosed = m.group(3).endsWith("/");
            from = m.end();
            if (closing) {
                assertThat(open).as("closing </%s> at %d with open %s", name, m.start(), open).isNotEmpty();
                assertThat(open.pop()).as("element closed at offset %d", m.start()).isEqualTo(name);
            } else if (VOID.contains(name) || selfClosed && SVG_SELF_CLOSING_OK.contains(name) || selfClosed) {
                continue;
            } else if (name.equals("script") || name.equals("style") || name.equals("title") && !open.contains("svg")) {
                int end = html.indexOf("</" + name + ">", m.end());
                assertThat(end).as("<%s> is closed", name).isPositive();
                from = end + name.length() + 3;
            } else {
                open.push(name);
            }
        }
        assertThat(open).as("unclosed elements").isEmpty();
    }

    /** The inner markup of the element with {@code id} (the first one, up to its matching close). */
    static String byId(String html, String id) {
        int at = html.indexOf(" id=\"" + id + "\"");
        assertThat(at).as("an element with id %s", id).isPositive();
        int start = html.lastIndexOf('<', at);
        Matcher m = TAG.matcher(html);
        m.find(start);
        String name = m.group(2);
        int depth = 0;
        int from = start;
        while (m.find(from)) {
            from = m.end();
            if (!m.group(2).equals(name) || m.group(3).endsWith("/")) {
                continue;
            }
            depth += m.group(1).isEmpty() ? 1 : -1;
            if (depth == 0) {
                return html.substring(html.indexOf('>', start) + 1, m.start());
            }
        }
        throw new AssertionError("element " + id + " is not closed");
    }

    /** The text of an element: its markup without tags, entities decoded. */
    static String text(String markup) {
        return markup.replaceAll("<[^>]*>", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&").replaceAll("\\s+", " ").trim();
    }

    /** The rows of a table (by id) as lists of cell texts. */
    static List<List<String>> rows(String html, String tableId) {
        String table = byId(html, tableId);
        String body = table.contains("<tbody>") ? table.substring(table.indexOf("<tbody>")) : table;
        List<List<String>> rows = new ArrayList<>();
        Matcher tr = Pattern.compile("<tr[^>]*>(.*?)</tr>", Pattern.DOTALL).matcher(body);
        while (tr.find()) {
            List<String> cells = new ArrayList<>();
            Matcher td = Pattern.compile("<td[^>]*>(.*?)</td>", Pattern.DOTALL).matcher(tr.group(1));
            while (td.find()) {
                cells.add(text(td.group(1)));
            }
            rows.add(cells);
        }
        return rows;
    }

    static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
