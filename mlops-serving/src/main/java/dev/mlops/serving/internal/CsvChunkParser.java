package dev.mlops.serving.internal;

import dev.mlops.registry.dataset.CsvDialect;
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
 * and split by the general CSV splitter (the record may span lines inside quotes); a cell the fast parser does not
 * take (missing as {@link CsvDialect#standard()} defines it, {@code inf}, surrounding spaces, an integer written
 * {@code 3.0} …) and cells of other element types go through {@link ElementConversion} (a missing cell as null),
 * so every value converts exactly as the general path converts it, and errors name the line and column. Immutable and
 * thread-safe (each {@link #parse} call works on its own arrays).
 */
public final class CsvChunkParser {
    /**
     * One model input fed from columns: {@code columns} are header indices; {@code matrix} means a {@code [n, F]} input
     * fed by F columns; else one column feeds a {@code [n]} ({@code rank} 1) or {@code [n, 1]} ({@code rank} 2) input.
     * Thread-safe as long as nobody writes {@code columns} after construction (the scorer never does).
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

    /** What a missing value is (the fast paths are off when a spelling of it is a number). */
    private final CsvDialect dialect;
    /** Whether the fast paths may run: no missing-value spelling parses as a number. */
    private final boolean fast;
    private final List<String> header;
    private final List<Target> targets;
    private final String source;
    private final BiFunction<String, Integer, List<String>> lineSplitter;
    /** For each header column, the (target, slot) pairs it feeds, packed as target << 16 | slot. */
    private final int[][] feeds;
    /** For each header column: {@link #SKIP}, {@link #SINGLE_FLOAT} or {@link #OTHER}. */
    private final int[] kinds;
    /** For each target, its columns per row. */
    private final int[] widths;
    /** When the only target is float32 and no column feeds it twice: each column's slot in a row, or -1. */
    private final int[] floatSlots;
    private static final int SKIP = 0;
    private static final int SINGLE_FLOAT = 1;
    private static final int OTHER = 2;

    /**
     * A parser for rows of {@code header.size()} fields feeding {@code targets}; {@code lineSplitter} splits a line
     * that is not simple (text, 1-based line number) into unquoted cells, throwing {@link InvalidInputException} for a
     * malformed line.
     */
    public CsvChunkParser(List<String> header, List<Target> targets, String source,
                          BiFunction<String, Integer, List<String>> lineSplitter) {
        this(header, targets, source, lineSplitter, CsvDialect.standard());
    }

    /** The same, with missing values as {@code dialect} defines them (its separator must be a comma). */
    public CsvChunkParser(List<String> header, List<Target> targets, String source,
                          BiFunction<String, Integer, List<String>> lineSplitter, CsvDialect dialect) {
        if (dialect.separator() != ',') {
            throw new IllegalArgumentException("the byte path reads comma-separated CSV, given " + dialect);
        }
        this.dialect = dialect;
        boolean numeric = false;
        for (String m : dialect.missingValues()) {
            try {
                Double.parseDouble(m);
                numeric = true;
            } catch (NumberFormatException e) {
                numeric |= m.chars().anyMatch(Character::isDigit);
            }
        }
        this.fast = !numeric;
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
        kinds = new int[feeds.length];
        for (int c = 0; c < feeds.length; c++) {
            if (feeds[c].length == 0) {
                kinds[c] = SKIP;
            } else if (feeds[c].length == 1 && targets.get(feeds[c][0] >>> 16).type() == ElementType.FLOAT) {
                kinds[c] = SINGLE_FLOAT;
            } else {
                kinds[c] = OTHER;
            }
        }
        int[] slots = null;
        if (targets.size() == 1 && targets.get(0).type() == ElementType.FLOAT) {
            slots = new int[feeds.length];
            for (int c = 0; c < feeds.length && slots != null; c++) {
                if (feeds[c].length > 1) {
                    slots = null;
                } else {
                    slots[c] = feeds[c].length == 0 ? -1 : feeds[c][0] & 0xFFFF;
                }
            }
        }
        floatSlots = slots;
        widths = new int[targets.size()];
        for (int t = 0; t < widths.length; t++) {
            widths[t] = targets.get(t).columns().length;
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
        byte[] b = chunk.data();
        for (int r = 0; r < rows; r++) {
            int s = chunk.start()[r];
            int e = chunk.end()[r];
            boolean parsed = fast && (floatSlots != null
                    ? fastFloatRow(b, s, e, (float[]) carriers[0], r * widths[0])
                    : fastRow(b, s, e, r, carriers));
            if (!parsed) {
                // a quote, a \r, a field count that differs, a value that is not a plain number: the general path
                // converts the row exactly as the general reader would, or throws the error naming line and column
                slowRow(AsciiNumbers.text(b, s, e), chunk.line()[r], r, carriers);
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
     * {@link #fastRow} for the common case of one float32 {@code [n, F]} input: {@code slots[c]} is where column c goes
     * in a row (-1: not fed).
     */
    private boolean fastFloatRow(byte[] b, int s, int e, float[] dst, int base) {
        int[] slots = floatSlots;
        int ncols = slots.length;
        int i = s;
        for (int c = 0; ; ) {
            int slot = slots[c];
            // a NaN spelling may be a missing value: -1, and the general path decides
            int j = slot >= 0 ? AsciiNumbers.parseFloatFieldExceptNaN(b, i, e, dst, base + slot) : AsciiNumbers.fieldEnd(b, i, e);
            if (j < 0) {
                return false;
            }
            c++;
            if (j == e) {
                return c == ncols;
            }
            if (c == ncols) {
                return false; // more fields than the header
            }
            i = j + 1;
        }
    }

    /** Parses row {@code r} ({@code b[s, e)}) in one pass; false if the row needs the general path. */
    private boolean fastRow(byte[] b, int s, int e, int r, Object[] carriers) {
        int ncols = kinds.length;
        int i = s;
        int c = 0;
        for (;;) {
            if (c == ncols) {
                return false; // more fields than the header
            }
            int j;
            int kind = kinds[c];
            if (kind == SINGLE_FLOAT) {
                int feed = feeds[c][0];
                int t = feed >>> 16;
                j = AsciiNumbers.parseFloatFieldExceptNaN(b, i, e, (float[]) carriers[t], r * widths[t] + (feed & 0xFFFF));
                if (j < 0) {
                    return false; // not a plain number, or a NaN spelling (maybe a missing value): the general path decides
                }
            } else {
                j = AsciiNumbers.fieldEnd(b, i, e);
                if (j < 0) {
                    return false;
                }
                if (kind == OTHER) {
                    for (int feed : feeds[c]) {
                        int t = feed >>> 16;
                        if (!fastCell(b, i, j, r * widths[t] + (feed & 0xFFFF), carriers[t])) {
                            return false;
                        }
                    }
                }
            }
            c++;
            if (j == e) {
                return c == ncols;
            }
            i = j + 1;
        }
    }

    /** Parses one numeric cell {@code b[from, to)} into {@code carrier[index]}; false if the general path must. */
    private static boolean fastCell(byte[] b, int from, int to, int index, Object carrier) {
        if (from == to) {
            return false;
        }
        try {
            if (carrier instanceof float[] a) {
                a[index] = AsciiNumbers.parseFloat(b, from, to);
                return !Float.isNaN(a[index]); // a NaN spelling may be a missing value: the general path decides
            } else if (carrier instanceof double[] a) {
                a[index] = AsciiNumbers.parseDouble(b, from, to);
                return !Double.isNaN(a[index]);
            } else if (carrier instanceof long[] a) {
                a[index] = AsciiNumbers.parseLong(b, from, to);
                return true;
            } else if (carrier instanceof int[] a) {
                long v = AsciiNumbers.parseLong(b, from, to);
                if (v == (int) v) {
                    a[index] = (int) v;
                    return true;
                }
            }
        } catch (NumberFormatException e) {
            // not a plain number: the general conversion decides (inf, nan, " 1", "3.0" …) or names it
        }
        return false;
    }

    private void slowRow(String text, int line, int r, Object[] carriers) {
        List<String> cells = lineSplitter.apply(text, line);
        if (cells.size() != header.size()) {
            throw fieldCount(line, cells.size());
        }
        for (int c = 0; c < cells.size(); c++) {
            String cell = dialect.isMissing(cells.get(c)) ? null : cells.get(c);
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
