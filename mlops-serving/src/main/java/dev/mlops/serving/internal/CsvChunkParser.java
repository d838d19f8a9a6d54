package dev.mlops.serving.internal;

import dev.mlops.serving.ElementType;
import dev.mlops.serving.Inputs;
import dev.mlops.serving.InvalidInputException;
import dev.mlops.serving.Tensor;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Turns a {@link CsvChunkReader.Chunk} into model {@link Inputs} straight from its bytes: field boundaries are found on
 * bytes and numeric cells are parsed into the input's carrier array with {@link AsciiNumbers} (float32, float64,
 * int32 and int64), with no per-row or per-cell objects. A line with a double quote or a stray {@code \r} is decoded
 * and split by the general CSV splitter; a cell the fast parser does not take (missing, {@code inf}, surrounding
 * spaces, an integer written {@code 3.0} …) and cells of other element types go through {@link ElementConversion},
 * so every value converts exactly as the general path converts it, and errors name the line and column. Immutable and
 * thread-safe (each {@link #parse} call works on its own arrays).
 */
public final class CsvChunkParser {
    /**
     * One model input fed from columns: {@code columns} are header indices; {@code matrix} means a {@code [n, F]} input
     * fed by F columns; else one column feeds a {@code [n]} ({@code rank} 1) or {@code [n, 1]} ({@code rank} 2) input.
     */
    public record Target(String input, ElementType type, int[] columns, boolean matrix, int rank) {
        /** The shape of this input for {@code rows} rows. */
        public long[] shape(int rows) {
            if (matrix) {
                return new long[]{rows, columns.length};
            }
            return rank == 2 ? new long[]{rows, 1} : new long[]{rows};
        }
    }

    private final List<String> header;
    private final List<Target> targets;
    private final String source;
    private final BiFunction<String, Integer, List<String>> lineSplitter;
    /** For each header column, the (target, slot) pairs it feeds, packed as target << 16 | slot. */
    private final int[][] feeds;

    /**
     * A parser for rows of {@code header.size()} fields feeding {@code targets}; {@code lineSplitter} splits a line
     * that is not simple (text, 1-based line number) into unquoted cells, throwing {@link InvalidInputException} for a
     * malformed line.
     */
    public CsvChunkParser(List<String> header, List<Target> targets, String source,
                          BiFunction<String, Integer, List<String>> lineSplitter) {
        this.header = List.copyOf(header);
        this.targets = List.copyOf(targets);
        this.source = source;
        this.lineSplitter = lineSplitter;
        List<List<Integer>> f = new ArrayList<>();
        for (int c = 0; c < header.size(); c++) {
            f.add(new ArrayList<>());
        }
        for (int t = 0; t < targets.size(); t++) {
            int[] cols = targets.get(t).columns();
            for (int s = 0; s < cols.length; s++) {
                f.get(cols[s]).add(t << 16 | s);
            }
        }
        feeds = new int[header.size()][];
        for (int c = 0; c < feeds.length; c++) {
            feeds[c] = f.get(c).stream().mapToInt(Integer::intValue).toArray();
        }
    }

    /**
     * The inputs for the rows of {@code chunk}.
     *
     * @throws InvalidInputException naming the line (and column) of the first bad row in line order
     */
    public Inputs parse(CsvChunkReader.Chunk chunk) {
        int rows = chunk.rows();
        Object[] carriers = new Object[targets.size()];
        for (int t = 0; t < carriers.length; t++) {
            Target target = targets.get(t);
            int n = rows * target.columns().length;
            carriers[t] = switch (target.type()) {
                case FLOAT -> new float[n];
                case DOUBLE -> new double[n];
                case INT32 -> new int[n];
                case INT64 -> new long[n];
                default -> new Object[n];
            };
        }
        int ncols = header.size();
        int[] bounds = new int[ncols + 1];
        byte[] b = chunk.data();
        for (int r = 0; r < rows; r++) {
            int s = chunk.start()[r];
            int e = chunk.end()[r];
            int line = chunk.line()[r];
            int fields = split(b, s, e, bounds);
            if (fields < 0) {
                slowRow(AsciiNumbers.text(b, s, e), line, r, carriers);
                continue;
            }
            if (fields != ncols) {
                throw fieldCount(line, fields);
            }
            for (int c = 0; c < ncols; c++) {
                int[] dest = feeds[c];
                for (int k = 0; k < dest.length; k++) {
                    int t = dest[k] >>> 16;
                    int slot = dest[k] & 0xFFFF;
                    fastCell(b, bounds[c], bounds[c + 1] - 1, t, r * targets.get(t).columns().length + slot, line, c, carriers);
                }
            }
        }
        Inputs.Builder in = Inputs.builder();
        for (int t = 0; t < carriers.length; t++) {
            Target target = targets.get(t);
            Object carrier = carriers[t];
            if (carrier instanceof Object[] cells) {
                carrier = ElementConversion.toCarrier(target.type(), Arrays.asList(cells), i -> "element " + i);
            }
            in.add(target.input(), Tensor.of(target.type(), carrier, target.shape(rows)));
        }
        return in.build();
    }

    /**
     * Field starts of the simple line {@code b[s, e)} into {@code bounds} (field k is {@code [bounds[k], bounds[k+1] - 1)});
     * returns the number of fields, or -1 if the line has a quote or {@code \r} (not simple).
     */
    private static int split(byte[] b, int s, int e, int[] bounds) {
        int max = bounds.length - 1;
        int fields = 0;
        bounds[0] = s;
        for (int i = s; i < e; i++) {
            byte ch = b[i];
            if (ch == ',') {
                fields++;
                if (fields <= max) {
                    bounds[fields] = i + 1;
                }
            } else if (ch == '"' || ch == '\r') {
                return -1;
            }
        }
        fields++;
        if (fields <= max) {
            bounds[fields] = e + 1;
        }
        return fields;
    }

    private void fastCell(byte[] b, int from, int to, int t, int index, int line, int col, Object[] carriers) {
        Object carrier = carriers[t];
        if (from < to) {
            try {
                if (carrier instanceof float[] a) {
                    a[index] = AsciiNumbers.parseFloat(b, from, to);
                    return;
                } else if (carrier instanceof double[] a) {
                    a[index] = AsciiNumbers.parseDouble(b, from, to);
                    return;
                } else if (carrier instanceof long[] a) {
                    a[index] = AsciiNumbers.parseLong(b, from, to);
                    return;
                } else if (carrier instanceof int[] a) {
                    long v = AsciiNumbers.parseLong(b, from, to);
                    if (v == (int) v) {
                        a[index] = (int) v;
                        return;
                    }
                }
            } catch (NumberFormatException e) {
                // not a plain number: the general conversion below decides (inf, nan, " 1", "3.0" …) or names it
            }
        }
        slowCell(from < to ? AsciiNumbers.text(b, from, to) : null, t, index, line, col, carriers);
    }

    private void slowRow(String text, int line, int r, Object[] carriers) {
        List<String> cells = lineSplitter.apply(text, line);
        if (cells.size() != header.size()) {
            throw fieldCount(line, cells.size());
        }
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c).isEmpty() ? null : cells.get(c);
            for (int packed : feeds[c]) {
                int t = packed >>> 16;
                slowCell(cell, t, r * targets.get(t).columns().length + (packed & 0xFFFF), line, c, carriers);
            }
        }
    }

    /** Converts one cell (null = missing) as {@link ElementConversion} does, naming its line and column if it fails. */
    private void slowCell(String cell, int t, int index, int line, int col, Object[] carriers) {
        Target target = targets.get(t);
        Object one;
        try {
            one = ElementConversion.toCarrier(target.type(), Collections.singletonList(cell),
                    i -> "line " + line + ", column '" + header.get(col) + "'");
        } catch (ElementConversion.ConversionException e) {
            throw new InvalidInputException(target.input(), target.type().numpyName(), e.getMessage(), e.getMessage());
        }
        Object carrier = carriers[t];
        if (carrier instanceof Object[] cells) {
            cells[index] = cell; // validated; the whole column converts at the end
        } else {
            Array.set(carrier, index, Array.get(one, 0));
        }
    }

    private InvalidInputException fieldCount(int line, int fields) {
        return new InvalidInputException("", header.size() + " fields", fields + " fields",
                "line " + line + " of " + source + " has " + fields + " fields, the header has " + header.size());
    }
}
