package dev.mlops.registry.jdbc;

import dev.mlops.registry.jdbc.internal.JdbcLocation;
import dev.mlops.registry.spi.StoreUnavailableException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * PostgreSQL URIs carrying secrets in the user info (with '@' in the password) and in every parameter that can hold
 * one: whatever fails — a foreign database, a bad store option, a database that refuses the connection — no secret
 * appears in the exception's message, in any cause's message, or in what the store logs.
 * Secrets hold the letters Ж and Ω, which nothing else in the URIs or messages contains, so a partial leak shows.
 */
class SecretsInMessagesTest {
    static final List<String> PARAMS = List.of("password", "sslpassword", "sslkey", "sslpassphrase", "PWD",
            "secretKey", "token", "sessionToken", "client_secret", "apiKey", "credentials");

    record Hostile(String userInfo, String param, String secret) {
    }

    @Provide
    Arbitrary<Hostile> hostile() {
        Arbitrary<String> secret = Arbitraries.strings().withChars("ЖΩ@:!$*+,~=").ofMinLength(3).ofMaxLength(20)
                .filter(s -> s.chars().anyMatch(Character::isLetter)).map(s -> "Ж" + s + "Ω");
        return Combinators.combine(secret, Arbitraries.of(PARAMS), secret)
                .as((pw, param, value) -> new Hostile("mlops:" + pw + "@", param, value))
                .flatMap(h -> Arbitraries.of(h, new Hostile("", h.param(), h.secret())));
    }

    @Property(tries = 200)
    void parsingAndOptionErrorsShowNoSecret(@ForAll("hostile") Hostile h) {
        String tail = "db.example.com:5432/mlops?ssl=true&" + h.param() + "=" + h.secret() + "&user=bob";
        assertClean(catchThrowable(() -> JdbcLocation.parse("jdbc:mysql://" + h.userInfo() + tail)), h);
        assertClean(catchThrowable(() -> PostgresStore.builder("jdbc:postgresql://" + h.userInfo() + tail
                + "&poolSize=many")), h);
        assertClean(catchThrowable(() -> PostgresStore.builder("jdbc:postgresql://" + h.userInfo() + tail
                + "&maxRetries=-1")), h);
    }

    @Property(tries = 8)
    void aRefusedConnectionShowsNoSecretInTheMessageTheCausesOrTheLog(@ForAll("hostile") Hostile h) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        String uri = "jdbc:postgresql://" + h.userInfo() + "127.0.0.1:" + port + "/mlops?" + h.param() + "="
                + h.secret() + "&maxRetries=0&connectTimeout=2";
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream err = System.err;
        Throwable t;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            t = catchThrowable(() -> PostgresStore.builder(uri).connectionTimeout(java.time.Duration.ofMillis(500))
                    .build().close());
        } finally {
            System.setErr(err);
        }
        assertThat(t).isInstanceOf(StoreUnavailableException.class);
        assertClean(t, h);
        assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain("Ж", "Ω", h.secret());
    }

    @Example
    void aPasswordWithAtSignsAndAnSslPasswordAreMasked() {
        Throwable t = catchThrowable(() -> PostgresStore.builder(
                "jdbc:postgresql://u:p@ss@word@db/mlops?sslpassword=hunter2&poolSize=x"));
        assertThat(t).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:postgresql://***@db/mlops?sslpassword=***")
                .hasMessageNotContaining("ss@word").hasMessageNotContaining("hunter2");
    }

    private static void assertClean(Throwable t, Hostile h) {
        assertThat(t).isNotNull();
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = String.valueOf(c.getMessage());
            assertThat(m).as("message of %s", c.getClass().getName())
                    .doesNotContain(h.secret()).doesNotContain("Ж").doesNotContain("Ω");
        }
    }
}
