package dev.mlops.ui.internal;

import dev.mlops.registry.experiment.RunFilter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a {@link RunFilter} from the text form the API prints ({@code RunFilter#toString()}):
 * <pre>
 * metric.val_auc &gt;= 0.95 AND (param.lr &lt; 0.01 OR tag.team IN [risk, fraud]) AND NOT status = FAILED
 * param.epochs EXISTS
 * </pre>
 * Fields are {@code param.KEY}, {@code metric.KEY}, {@code tag.KEY} and {@code status}; operators {@code = != < <= >
 * >= IN EXISTS}; {@code AND} binds tighter than {@code OR}; keywords in any case. A value is a number, or a word, or a
 * quoted string ({@code "…"} or {@code '…'}); numbers compare numerically as the API's filters do. The input is at
 * most {@value #MAX_LENGTH} characters. Stateless and thread-safe.
 */
public final class RunFilterParser {
    /** Longest filter text accepted. */
    public static final int MAX_LENGTH = 2000;
    private final String s;
    private int i;

    private RunFilterParser(String s) {
        this.s = s;
    }

    /**
     * Parses {@code text}; blank text matches every run.
     *
     * @throws IllegalArgumentException naming the position and what was expected
     */
    public static RunFilter parse(String text) {
        if (text == null || text.isBlank()) {
            return RunFilter.all();
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("A filter is at most " + MAX_LENGTH + " characters, found " + text.length());
        }
        RunFilterParser p = new RunFilterParser(text);
        RunFilter f = p.or(0);
        p.skip();
        if (p.i < p.s.length()) {
            throw p.error("AND, OR or the end of the filter");
        }
        return f;
    }

    private RunFilter or(int depth) {
        if (depth > 50) {
            throw error("at most 50 nested parentheses");
        }
        RunFilter f = and(depth);
        while (keyword("OR")) {
            f = f.or(and(depth));
        }
        return f;
    }

    private RunFilter and(int depth) {
        RunFilter f = unary(depth);
        while (keyword("AND")) {
            f = f.and(unary(depth));
        }
        return f;
    }

    private RunFilter unary(int depth) {
        if (keyword("NOT")) {
            return unary(depth + 1).not();
        }
        skip();
        if (peek() == '(') {
            i++;
            RunFilter f = or(depth + 1);
            skip();
            if (peek() != ')') {
                throw error("')'");
            }
            i++;
            return f;
        }
        return comparison();
    }

    private RunFilter comparison() {
        skip();
        int start = i;
        String field = word();
        if (field.isEmpty()) {
            throw error("a field: param.KEY, metric.KEY, tag.KEY or status");
        }
        RunFilter.Field f;
        String lower = field.toLowerCase(Locale.ROOT);
        if (lower.equals("status") || lower.equals("status.")) { // the API prints "status." (an empty key)
            f = RunFilter.status();
        } else if (lower.startsWith("param.") && field.length() > 6) {
            f = RunFilter.param(field.substring(6));
        } else if (lower.startsWith("metric.") && field.length() > 7) {
            f = RunFilter.metric(field.substring(7));
        } else if (lower.startsWith("tag.") && field.length() > 4) {
            f = RunFilter.tag(field.substring(4));
        } else {
            i = start;
            throw error("a field: param.KEY, metric.KEY, tag.KEY or status");
        }
        if (keyword("EXISTS")) {
            return f.exists();
        }
        if (keyword("IN")) {
            skip();
            char open = peek();
            if (open != '[' && open != '(') {
                throw error("'[' after IN");
            }
            char close = open == '[' ? ']' : ')';
            i++;
            List<Object> values = new ArrayList<>();
            while (true) {
                values.add(value());
                skip();
                if (peek() == ',') {
                    i++;
                } else if (peek() == close) {
                    i++;
                    break;
                } else {
                    throw error("',' or '" + close + "'");
                }
            }
            return f.in(values.toArray());
        }
        skip();
        String op = operator();
        Object v = value();
        return switch (op) {
            case "=", "==" -> f.eq(v);
            case "!=" -> f.ne(v);
            case "<" -> f.lt(v);
            case "<=" -> f.le(v);
            case ">" -> f.gt(v);
            case ">=" -> f.ge(v);
            default -> throw new IllegalStateException(op);
        };
    }

    private String operator() {
        for (String op : new String[] {"==", "!=", "<=", ">=", "=", "<", ">"}) {
            if (s.startsWith(op, i)) {
                i += op.length();
                return op;
            }
        }
        throw error("an operator: = != < <= > >= IN EXISTS");
    }

    private Object value() {
        skip();
        char c = peek();
        if (c == '"' || c == '\'') {
            int end = s.indexOf(c, i + 1);
            if (end < 0) {
                throw error("a closing " + c);
            }
            String v = s.substring(i + 1, end);
            i = end + 1;
            return v;
        }
        String w = word();
        if (w.isEmpty()) {
            throw error("a value");
        }
        try {
            return Double.parseDouble(w);
        } catch (NumberFormatException e) {
            return w;
        }
    }

    private String word() {
        skip();
        int start = i;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-' || c == '+' || c == '/' || c == ':') {
                i++;
            } else {
                break;
            }
        }
        return s.substring(start, i);
    }

    private boolean keyword(String k) {
        skip();
        int end = i + k.length();
        if (s.regionMatches(true, i, k, 0, k.length())
                && (end == s.length() || !Character.isLetterOrDigit(s.charAt(end)) && s.charAt(end) != '_'
                && s.charAt(end) != '.')) {
            i = end;
            return true;
        }
        return false;
    }

    private void skip() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    private char peek() {
        return i < s.length() ? s.charAt(i) : '\0';
    }

    private IllegalArgumentException error(String expected) {
        String rest = i < s.length() ? "'" + s.substring(i, Math.min(s.length(), i + 20)) + "'" : "the end";
        return new IllegalArgumentException("Expected " + expected + " at position " + (i + 1) + " of the filter, found "
                + rest + ". Example: metric.val_auc >= 0.9 AND param.lr < 0.01");
    }
}
