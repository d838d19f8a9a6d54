package dev.mlops.registry.internal;

import dev.mlops.registry.dataset.CsvDialect;
import dev.mlops.registry.dataset.CsvFormatException;
import dev.mlops.registry.dataset.CsvReader;
import dev.mlops.registry.dataset.CsvRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Learns the columns, inferred types and row count of a CSV file with a header row, read with
 * {@link CsvDialect#standard()} (missing values are what the dialect calls missing). Returns empty for files that are
 * not CSV in that dialect (not UTF-8, no header, malformed quoting). Stateless.
 */
public final class CsvSniffer {
    private CsvSniffer() {
    }

    public static Optional<Docs.CsvDoc> sniff(Path file) {
        CsvDialect dialect = CsvDialect.standard();
        try (InputStream bytes = Files.newInputStream(file); CsvReader in = dialect.reader(bytes, file.toString())) {
            CsvRecord header = in.next();
            if (header == null) {
                return Optional.empty();
            }
            int n = header.size();
            int[] kind = new int[n]; // 0 empty, 1 integer, 2 number, 3 string
            long[] missing = new long[n];
            long rows = 0;
            for (CsvRecord rec; (rec = in.next()) != null; ) {
                rows++;
                for (int i = 0; i < n; i++) {
                    String v = i < rec.size() ? rec.get(i) : "";
                    if (dialect.isMissing(v)) {
                        missing[i]++;
                        continue;
                    }
                    kind[i] = Math.max(kind[i], classify(v.strip()));
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
        } catch (CsvFormatException | IOException | UncheckedIOException e) {
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
}
