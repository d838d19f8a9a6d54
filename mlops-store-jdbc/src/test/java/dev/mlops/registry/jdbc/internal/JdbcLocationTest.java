package dev.mlops.registry.jdbc.internal;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JdbcLocationTest {

    @Test
    void userInfoBecomesUserAndPasswordAndLeavesTheDriverUrl() {
        JdbcLocation l = JdbcLocation.parse("jdbc:postgresql://mlops:s%40cret@db.example.com:5432/registry?ssl=true");
        assertThat(l.user()).isEqualTo("mlops");
        assertThat(l.password()).isEqualTo("s@cret");
        assertThat(l.driverUrl()).isEqualTo("jdbc:postgresql://db.example.com:5432/registry?ssl=true");
        assertThat(l.options()).isEmpty();
    }

    @Test
    void theStoresOwnParametersAreTakenOutAndTheDriversAreKeptInOrder() {
        JdbcLocation l = JdbcLocation.parse(
                "jdbc:postgresql://db/mlops?user=u&schema=reg&password=p&poolSize=20&chunkSize=65536&maxRetries=3&ssl=true");
        assertThat(l.driverUrl()).isEqualTo("jdbc:postgresql://db/mlops?user=u&password=p&ssl=true");
        assertThat(l.options()).isEqualTo(Map.of("schema", "reg", "poolSize", "20", "chunkSize", "65536", "maxRetries", "3"));
        assertThat(l.user()).isNull();
    }

    @Test
    void anotherDatabaseIsRefusedWithoutShowingItsPassword() {
        assertThatThrownBy(() -> JdbcLocation.parse("jdbc:mysql://db/mlops?password=hunter2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Only PostgreSQL").hasMessageNotContaining("hunter2");
    }
}
