package dev.mlops.registry.jdbc.internal;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static dev.mlops.registry.jdbc.internal.SqlFailures.Kind.AMBIGUOUS;
import static dev.mlops.registry.jdbc.internal.SqlFailures.Kind.PERMANENT;
import static dev.mlops.registry.jdbc.internal.SqlFailures.Kind.RETRY_SAFE;
import static org.assertj.core.api.Assertions.assertThat;

class SqlFailuresTest {

    private static SqlFailures.Kind kindOf(String state) {
        return SqlFailures.classify(new SQLException("x", state));
    }

    @Test
    void rolledBackTransactionsAndRefusedConnectionsAreSafeToRetry() {
        assertThat(kindOf("40001")).isEqualTo(RETRY_SAFE);
        assertThat(kindOf("40P01")).isEqualTo(RETRY_SAFE);
        assertThat(kindOf("08001")).isEqualTo(RETRY_SAFE);
        assertThat(kindOf("53300")).isEqualTo(RETRY_SAFE);
        assertThat(SqlFailures.classify(new SQLTransientConnectionException("pool timeout"))).isEqualTo(RETRY_SAFE);
    }

    @Test
    void aConnectionLostMidStatementIsAmbiguous() {
        assertThat(kindOf("08006")).isEqualTo(AMBIGUOUS);
        assertThat(kindOf("08003")).isEqualTo(AMBIGUOUS);
        assertThat(kindOf("57P01")).isEqualTo(AMBIGUOUS);
    }

    @Test
    void everythingElseIsPermanentUnlessACauseSaysOtherwise() {
        assertThat(kindOf("42P01")).isEqualTo(PERMANENT);
        assertThat(kindOf("23505")).isEqualTo(PERMANENT);
        assertThat(kindOf(null)).isEqualTo(PERMANENT);
        SQLException wrapped = new SQLException("outer", "XX000", new SQLException("inner", "40001"));
        assertThat(SqlFailures.classify(wrapped)).isEqualTo(RETRY_SAFE);
        SQLException chained = new SQLException("batch", "42000");
        chained.setNextException(new SQLException("next", "08006"));
        assertThat(SqlFailures.classify(chained)).isEqualTo(AMBIGUOUS);
    }
}
