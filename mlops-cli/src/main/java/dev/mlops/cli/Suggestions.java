package dev.mlops.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Usage errors worded for a person at a terminal: an unknown option is reported as unknown (not as the required
 * option it was probably meant to be), and a mistyped option or subcommand comes with "did you mean …?". Stateless and
 * thread-safe.
 */
final class Suggestions {
    private Suggestions() {
    }

    /** The one-line message for a usage error on the command line {@code args}. */
    static String describe(CommandLine.ParameterException ex, String[] args) {
        CommandSpec spec = ex.getCommandLine().getCommandSpec();
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().get(0);
            if (looksLikeOption(first)) {
                return unknownOption(spec, first);
            }
            if (!spec.subcommands().isEmpty()) {
                List<String> near = nearest(first, spec.subcommands().keySet());
                return "Unknown command '" + first + "' for '" + spec.qualifiedName() + "'"
                        + (near.isEmpty() ? "; the commands are " + String.join(", ", spec.subcommands().keySet())
                        : "; did you mean '" + String.join("' or '", near) + "'?");
            }
            return "Unexpected argument '" + first + "' for '" + spec.qualifiedName() + "'";
        }
        if (ex instanceof CommandLine.MissingParameterException) {
            // "--modle x" leaves --model missing: the unknown option is the real mistake
            for (String a : args) {
                if (looksLikeOption(a) && !isKnown(spec, optionName(a))) {
                    return unknownOption(spec, a);
                }
            }
        }
        return ex.getMessage();
    }

    private static String unknownOption(CommandSpec spec, String arg) {
        String name = optionName(arg);
        Set<String> known = new LinkedHashSet<>();
        for (CommandSpec s = spec; s != null; s = s.parent()) {
            for (OptionSpec o : s.options()) {
                for (String n : o.names()) {
                    if (n.startsWith("--")) {
                        known.add(n);
                    }
                }
            }
        }
        List<String> near = nearest(name, known);
        return "Unknown option: '" + name + "' for '" + spec.qualifiedName() + "'"
                + (near.isEmpty() ? "" : "; did you mean '" + String.join("' or '", near) + "'?");
    }

    private static boolean isKnown(CommandSpec spec, String name) {
        for (CommandSpec s = spec; s != null; s = s.parent()) {
            if (s.findOption(name) != null || s.subcommands().containsKey(name)) {
                return true;
            }
        }
        return false;
    }

    static boolean looksLikeOption(String arg) {
        return arg.startsWith("--") && arg.length() > 2 || arg.length() == 2 && arg.charAt(0) == '-'
                && Character.isLetter(arg.charAt(1));
    }

    private static String optionName(String arg) {
        int eq = arg.indexOf('=');
        return eq > 0 ? arg.substring(0, eq) : arg;
    }

    /** The candidates within a small edit distance of {@code typed}, nearest first (at most two). */
    static List<String> nearest(String typed, Iterable<String> candidates) {
        String t = typed.toLowerCase(Locale.ROOT);
        int limit = Math.max(2, t.replace("-", "").length() / 3);
        List<String> out = new ArrayList<>();
        List<Integer> distances = new ArrayList<>();
        for (String c : candidates) {
            int d = distance(t, c.toLowerCase(Locale.ROOT));
            if (d <= limit) {
                out.add(c);
                distances.add(d);
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt(distances::get));
        return order.stream().limit(2).map(out::get).toList();
    }

    /** Damerau–Levenshtein distance (optimal string alignment): a swap of two neighbours counts once. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
