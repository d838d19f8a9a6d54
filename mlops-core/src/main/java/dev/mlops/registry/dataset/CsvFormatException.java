package dev.mlops.registry.dataset;

import java.util.Objects;

/**
 * CSV text that does not follow its {@link CsvDialect}: the message names the source, the 1-based line and column,
 * what was expected there and what was found. Immutable and thread-safe.
 */
public final class CsvFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final long line;
    private final long column;
    private final String problem;

    /**
     * @param source  the file or stream (path or name)
     * @param line    1-based line of the problem
     * @param column  1-based character column of the problem within its line
     * @param problem what was expected and what was found
     */
    public CsvFormatException(String source, long line, long column, String problem) {
        super(Objects.requireNonNull(source, "source") + ":" + line + ":" + column + ": "
                + Objects.requireNonNull(problem, "problem"));
        this.source = source;
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    /** The file or stream that could not be read. */
    public String source() {
        return source;
    }

    /** The 1-based line of the problem. */
    public long line() {
        return line;
    }

    /** The 1-based character column of the problem within its line. */
    public long column() {
        return column;
    }

    /** What was expected and what was found, without the position. */
    public String problem() {
        return problem;
    }
}
