package dev.mlops.registry.jdbc.internal;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;

/**
 * Classifies {@link SQLException}s by what a retry can do about them. Stateless and thread-safe.
 */
public final class SqlFailures {
    private SqlFailures() {
    }

    /** What a failure means for a retry. */
    public enum Kind {
        /** The statement certainly did not take effect (serialization failure, deadlock, no connection): retry it. */
        RETRY_SAFE,
        /**
         * The connection broke while the statement ran: it may or may not have been committed. Retry only after
         * checking whether it took effect.
         */
        AMBIGUOUS,
        /** Anything else: a bug, a permission, a full disk. Retrying does not help. */
        PERMANENT
    }

    /** Classifies {@code e}, looking through its chain of causes and next exceptions. */
    public static Kind classify(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                Kind k = classifyOne(s);
                if (k != Kind.PERMANENT) {
                    return k;
                }
                SQLException next = s.getNextException();
                if (next != null && next != s) {
                    Kind kn = classifyOne(next);
                    if (kn != Kind.PERMANENT) {
                        return kn;
                    }
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Kind.PERMANENT;
    }

    private static Kind classifyOne(SQLException s) {
        String state = s.getSQLState();
        if (state != null) {
            // 40001 serialization_failure, 40P01 deadlock_detected: the transaction was rolled back
            if (state.equals("40001") || state.equals("40P01")) {
                return Kind.RETRY_SAFE;
            }
            // 08001 unable to connect, 08004 rejected: nothing was sent
            if (state.equals("08001") || state.equals("08004")) {
                return Kind.RETRY_SAFE;
            }
            // 53300 too_many_connections, 57P03 cannot_connect_now (starting up / shutting down)
            if (state.equals("53300") || state.equals("57P03")) {
                return Kind.RETRY_SAFE;
            }
            // 08xxx connection exceptions, 57P01 admin_shutdown / 57P02 crash_shutdown (pg_terminate_backend)
            if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")) {
                return Kind.AMBIGUOUS;
            }
        }
        if (s instanceof SQLTransientConnectionException) {
            return Kind.RETRY_SAFE; // the pool had no connection to give: nothing was sent
        }
        if (s instanceof SQLRecoverableException) {
            return Kind.AMBIGUOUS;
        }
        if (s instanceof SQLTransientException) {
            return Kind.RETRY_SAFE;
        }
        return Kind.PERMANENT;
    }
}
