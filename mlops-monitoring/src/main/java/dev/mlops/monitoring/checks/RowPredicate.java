package dev.mlops.monitoring.checks;

/**
 * A custom per-row condition for {@link CheckSuite.Builder#custom}. An exception thrown here counts the row as
 * offending (and is named in the check's message); it never aborts the suite. Implementations must be thread-safe if
 * the suite is run from several threads.
 */
@FunctionalInterface
public interface RowPredicate {
    /** Whether the row satisfies the condition. */
    boolean test(Row row);

    /** Read access to one row of the checked table. Valid only during the call; not thread-safe. */
    interface Row {
        /** The 0-based row index. */
        int index();

        /** The cell of a column, null when missing. */
        String text(String column);

        /** The cell as a number, NaN when missing or not a number. */
        double number(String column);
    }
}
