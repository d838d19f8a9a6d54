package dev.mlops.monitoring;

/**
 * Input data (a CSV file, a profile or schema document) could not be read: the message names the source, and the
 * line or field when known. Immutable and thread-safe.
 */
public final class DataFormatException extends MonitoringException {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final long line;

    /**
     * @param source the file or document (path, URI or name)
     * @param line   the 1-based line, or 0 when not applicable
     * @param message what was expected and what was found
     */
    public DataFormatException(String source, long line, String message) {
        super(source + (line > 0 ? ":" + line : "") + ": " + message);
        this.source = source;
        this.line = line;
    }

    /** Same, with a cause. */
    public DataFormatException(String source, long line, String message, Throwable cause) {
        super(source + (line > 0 ? ":" + line : "") + ": " + message, cause);
        this.source = source;
        this.line = line;
    }

    /** The file or document that could not be read. */
    public String source() {
        return source;
    }

    /** The 1-based line, 0 when not applicable. */
    public long line() {
        return line;
    }
}
