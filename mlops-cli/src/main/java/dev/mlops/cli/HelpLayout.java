package dev.mlops.cli;

import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.UsageMessageSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * Help text that wraps between tokens only: the synopsis breaks between its elements (never inside
 * {@code --model=MODEL.onnx}), prose in footers breaks at spaces, and an example command too long for the width is
 * continued on the next line with a shell line continuation ({@code \}) outside quotes, so it can still be pasted.
 * Stateless and thread-safe.
 */
final class HelpLayout {
    private static final int NO_WRAP = 10_000;

    private HelpLayout() {
    }

    /** Installs the synopsis and footer renderers on {@code cl} and every subcommand below it. */
    static void apply(CommandLine cl) {
        cl.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_SYNOPSIS, HelpLayout::synopsis);
        cl.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_FOOTER, HelpLayout::footer);
        cl.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_PARAMETER_LIST, h -> argumentList(h, true));
        cl.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_OPTION_LIST, h -> argumentList(h, false));
        for (CommandLine sub : cl.getSubcommands().values()) {
            apply(sub);
        }
    }

    private static String synopsis(Help help) {
        UsageMessageSpec usage = help.commandSpec().usageMessage();
        int width = usage.width();
        String one;
        usage.width(NO_WRAP);
        try {
            one = help.synopsis(help.synopsisHeadingLength()).strip();
        } finally {
            usage.width(width);
        }
        String heading = help.synopsisHeading();   // rendered by its own section, before this one
        int indent = heading.length() + help.commandSpec().qualifiedName().length() + 1;
        List<String> tokens = splitOutsideQuotes(one);
        tokens.set(0, heading + tokens.get(0));
        List<String> lines = wrap(tokens, width, indent, "");
        lines.set(0, lines.get(0).substring(heading.length()));
        return String.join(System.lineSeparator(), lines) + System.lineSeparator();
    }

    private static String footer(Help help) {
        UsageMessageSpec usage = help.commandSpec().usageMessage();
        int width = usage.width();
        StringBuilder sb = new StringBuilder();
        for (String line : usage.footer()) {
            if (line.isEmpty()) {
                sb.append(System.lineSeparator());
                continue;
            }
            List<String> lines;
            if (line.startsWith("  ")) {   // an example command: continue it with a backslash
                int lead = line.length() - line.stripLeading().length();
                lines = wrap(splitOutsideQuotes(line.strip()), width - 2, lead + 4, " \\");
                lines.set(0, " ".repeat(lead) + lines.get(0));
            } else {
                lines = wrap(splitOutsideQuotes(line), width, 0, "");
            }
            for (String l : lines) {
                sb.append(l).append(System.lineSeparator());
            }
        }
        return sb.toString();
    }

    /**
     * The positional parameters or the options, two columns: the names (as picocli renders them) and the description,
     * wrapped at spaces. Both lists of a command share the description column.
     */
    private static String argumentList(Help help, boolean positionals) {
        CommandLine.Model.CommandSpec spec = help.commandSpec();
        Help.IParamLabelRenderer labels = help.createDefaultParamLabelRenderer();
        List<String[]> rows = new ArrayList<>();   // {names, description}
        int longest = 0;
        for (boolean p : new boolean[]{true, false}) {
            List<String[]> these = new ArrayList<>();
            if (p) {
                for (CommandLine.Model.PositionalParamSpec param : spec.positionalParameters()) {
                    if (!param.hidden()) {
                        these.add(new String[]{"      " + labels.renderParameterLabel(param, help.colorScheme().ansi(),
                                List.of()).plainString(), String.join(" ", param.renderedDescription())});
                    }
                }
            } else {
                List<CommandLine.Model.OptionSpec> options = new ArrayList<>();
                for (CommandLine.Model.OptionSpec o : spec.options()) {
                    if (!o.hidden()) {
                        options.add(o);
                    }
                }
                options.sort(help.createDefaultOptionSort());
                for (CommandLine.Model.OptionSpec o : options) {
                    String shortName = null;
                    String longName = null;
                    for (String n : o.names()) {
                        if (n.startsWith("--")) {
                            longName = longName == null ? n : longName;
                        } else {
                            shortName = shortName == null ? n : shortName;
                        }
                    }
                    String label = labels.renderParameterLabel(o, help.colorScheme().ansi(), List.of()).plainString();
                    String names = "  " + (shortName == null ? "    " : shortName + (longName == null ? "  " : ", "))
                            + (longName == null ? "" : longName) + label;
                    these.add(new String[]{names, String.join(" ", o.renderedDescription())});
                }
            }
            for (String[] r : these) {
                longest = Math.max(longest, r[0].length());
            }
            if (p == positionals) {
                rows = these;
            }
        }
        int width = spec.usageMessage().width();
        int column = Math.min(longest, 30) + 2;
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            List<String> text = wrap(splitOutsideQuotes(r[1]), width - column, 0, "");
            String first = r[0];
            if (first.length() + 2 > column) {
                sb.append(first.stripTrailing()).append(System.lineSeparator());
                first = "";
            }
            for (String line : text) {
                sb.append(String.format("%-" + column + "s", first)).append(line).append(System.lineSeparator());
                first = "";
            }
        }
        return sb.toString().replaceAll("(?m)[ ]+$", "");
    }

    /** Splits at spaces that are not inside single or double quotes. */
    static List<String> splitOutsideQuotes(String text) {
        List<String> tokens = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
                cur.append(c);
            } else if (c == ' ') {
                if (cur.length() > 0) {
                    tokens.add(cur.toString());
                    cur.setLength(0);
                }
            } else {
                if ((c == '"' || c == '\'') && (cur.length() == 0 || cur.charAt(cur.length() - 1) == '=')) {
                    quote = c;
                }
                cur.append(c);
            }
        }
        if (cur.length() > 0) {
            tokens.add(cur.toString());
        }
        return tokens;
    }

    /**
     * Greedy wrap of {@code tokens} into lines of at most {@code width} (a token longer than a line stands alone);
     * continuation lines start with {@code indent} spaces and every line but the last ends with {@code continuation}.
     */
    static List<String> wrap(List<String> tokens, int width, int indent, String continuation) {
        List<String> lines = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int start = 0;
        for (String t : tokens) {
            int available = width - continuation.length();
            if (cur.length() > start && cur.length() + 1 + t.length() > available) {
                lines.add(cur + continuation);
                cur.setLength(0);
                cur.append(" ".repeat(indent));
                start = indent;
            }
            if (cur.length() > start) {
                cur.append(' ');
            }
            cur.append(t);
        }
        lines.add(cur.toString());
        return lines;
    }
}
