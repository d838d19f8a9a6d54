package dev.mlops.registry.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Learns the columns, inferred types and row count of a CSV file with a header row (RFC 4180 quoting; a quoted field
 * may span lines). Returns empty for files that are not UTF-8 text or have no header. Stateless.
 */
public final class CsvSniffer {
    private CsvSniffer() {
    }

    public static Optional<Docs.CsvDoc> sniff(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<String> header = readRecord(in);
            if (header == null || header.isEmpty()) {
                return Optional.empty();
            }
            int n = header.size();
            int[] kind = new int[n]; // 0 empty, 1 integer, 2 number, 3 string
            long[] missing = new long[n];
            long rows = 0;
            List<String> rec;
            while ((rec = readRecord(in)) != null) {
                if (rec.size() == 1 && rec.get(0).isEmpty()) {
                    continue; // blank line
                }
                rows++;
                for (int i = 0; i < n; i++) {
                    String v = i < rec.size() ? rec.get(i).strip() : "";
                    if (v.isEmpty() || v.equalsIgnoreCase("na") || v.equalsIgnoreCase("nan")) {
                        missing[i]++;
                        continue;
                    }
                    kind[i] = Math.max(kind[i], classify(v));
                }
            }
            List<Docs.CsvColumnDoc> cols = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String type = switch (kind[i]) {
                    case 0 -> "empty";
                    case 1 -> "integer";
                    case 2 -> "number";
                    default -> "string";
                };
                cols.add(new Docs.CsvColumnDoc(header.get(i), type, missing[i]));
            }
            return Optional.of(new Docs.CsvDoc(cols, rows));
        } catch (CharacterCodingException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int classify(String v) {
        try {
            Long.parseLong(v);
            return 1;
        } catch (NumberFormatException e) {
            try {
                Double.parseDouble(v);
                return 2;
            } catch (NumberFormatException e2) {
                return 3;
            }
        }
    }

    /** One record, or null at the end of the input. */
    static List<String> readRecord(BufferedReader in) throws IOException {
        String line = in.readLine();
        if (line == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        int i = 0;
        while (true) {
            if (i >= line.length()) {
                if (quoted) {
                    String next = in.readLine();
                    if (next == null) {
                        break;
                    }
                    field.append('\n');
                    line = next;
                    i = 0;
                    continue;
                }
                break;
            }
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
            i++;
        }
        out.add(field.toString());
        return out;
    }
}
