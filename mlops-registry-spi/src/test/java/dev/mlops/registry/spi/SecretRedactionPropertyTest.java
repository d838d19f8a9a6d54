package dev.mlops.registry.spi;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Example;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Store URIs with secrets in every position — user, password (with {@code @}, {@code :} and other sub-delimiters,
 * raw or percent-encoded), and any number of secret-holding parameters among harmless ones, in any order — never
 * show a secret once redacted, nor in the message of any exception the SPI throws about them.
 * <p>
 * Secrets are built from the upper-case letters {@code Q J V} (which no other part of a generated URI contains)
 * joined by sub-delimiters, so a partial leak (e.g. the part after a password's first {@code @}) shows as one of
 * those letters.
 */
class SecretRedactionPropertyTest {
    private static final String SECRET_LETTERS = "QJV";
    static final List<String> SECRET_PARAMS = List.of("password", "PASSWORD", "Password", "pwd", "PWD", "sslpassword",
            "sslPassword", "sslkey", "sslpassphrase", "secret", "secretKey", "secret_key", "secret-key", "accessKey",
            "access_key", "sessionToken", "token", "X-Amz-Security-Token", "X-Amz-Signature", "X-Amz-Credential",
            "api_key", "apiKey", "client_secret", "refresh_token", "credentials", "aws_secret_access_key",
            "privateKeyPassword", "auth", "pass%77ord");
    static final List<String> PLAIN_PARAMS = List.of("ssl=true", "region=eu-west-1", "schema=reg", "poolSize=4",
            "sslmode=require", "user=bob", "pathStyle=true", "endpoint=http://127.0.0.1:9000", "ApplicationName=app");

    @Provide
    Arbitrary<String> secrets() {
        Arbitrary<String> word = Arbitraries.strings().withChars(SECRET_LETTERS).ofMinLength(1).ofMaxLength(6);
        Arbitrary<String> sep = Arbitraries.of("@", ":", "!", "$", "*", "+", ",", "~", "=", "'", "(", ")", "@@", "%40");
        return Combinators.combine(word.list().ofMinSize(1).ofMaxSize(4), sep.list().ofSize(4))
                .as((words, seps) -> {
                    StringBuilder b = new StringBuilder(words.get(0));
                    for (int i = 1; i < words.size(); i++) {
                        b.append(seps.get(i)).append(words.get(i));
                    }
                    return b.toString();
                });
    }

    /** A store URI with secrets in the positions chosen; the list of the secrets it holds. */
    record Case(String uri, List<String> secrets) {
    }

    @Provide
    Arbitrary<Case> uris() {
        Arbitrary<String> scheme = Arbitraries.of("jdbc:postgresql://", "s3://", "fake://", "jdbc:sqlserver://");
        Arbitrary<String> host = Arbitraries.of("db.example.com:5432/mlops", "bucket/models", "127.0.0.1/reg",
                "minio-bucket", "db/");
        Arbitrary<Boolean> encode = Arbitraries.of(true, false);
        Arbitrary<Integer> userInfo = Arbitraries.integers().between(0, 3); // none, user, user:password, :password
        Arbitrary<List<String>> secretParams = Arbitraries.of(SECRET_PARAMS).list().ofMaxSize(4);
        Arbitrary<List<String>> plainParams = Arbitraries.of(PLAIN_PARAMS).list().ofMaxSize(3);
        Arbitrary<String> separator = Arbitraries.of("&", ";");
        return Combinators.combine(scheme, host, userInfo, secrets().list().ofSize(6), encode, secretParams,
                plainParams, separator).as((sch, h, ui, s, enc, sp, pp, sepChar) -> {
            List<String> used = new ArrayList<>();
            StringBuilder b = new StringBuilder(sch);
            String user = s.get(0);
            String pass = enc ? URLEncoder.encode(s.get(1), StandardCharsets.UTF_8) : s.get(1);
            switch (ui) {
                case 1 -> { b.append(user).append('@'); used.add(user); }
                case 2 -> { b.append(user.replace(":", "")).append(':').append(pass).append('@'); used.add(user.replace(":", "")); used.add(pass); }
                case 3 -> { b.append(':').append(pass).append('@'); used.add(pass); }
                default -> { }
            }
            b.append(h);
            List<String> params = new ArrayList<>(pp);
            for (int i = 0; i < sp.size(); i++) {
                String value = s.get(2 + i);
                params.add(Math.min(i, params.size()) * 7 % (params.size() + 1), sp.get(i) + "=" + value);
                used.add(value);
            }
            for (int i = 0; i < params.size(); i++) {
                b.append(i == 0 ? "?" : sepChar).append(params.get(i));
            }
            return new Case(b.toString(), used);
        });
    }

    @Property(tries = 2000)
    void noSecretSurvivesRedaction(@ForAll("uris") Case c) {
        assertNoSecret(StoreUri.redact(c.uri()), c);
        assertNoSecret(StoreUri.parse(c.uri()).toString(), c);
        assertNoSecret(StoreUri.redact("Could not connect to '" + c.uri() + "': refused"), c);
        assertThat(StoreUri.parse(c.uri()).unredacted()).isEqualTo(c.uri());
    }

    @Property(tries = 500)
    void noSecretInTheMessagesOfTheSpisExceptions(@ForAll("uris") Case c) {
        String unknownScheme = c.uri().replaceFirst("^[a-z0-9:]+//", "nosuchscheme://");
        Throwable t = catchThrowable(() -> Stores.open(unknownScheme));
        assertThat(t).isInstanceOf(StoreUnavailableException.class);
        assertNoSecret(t.getMessage(), c);
        Throwable noScheme = catchThrowable(() -> StoreUri.parse(c.uri().replaceFirst("^[a-z0-9:]+//", "//")));
        assertThat(noScheme).isInstanceOf(IllegalArgumentException.class);
        assertNoSecret(noScheme.getMessage(), c);
    }

    @Example
    void aPasswordWithSeveralAtSignsIsMaskedUpToTheLastOne() {
        assertThat(StoreUri.redact("jdbc:postgresql://u:p@ss@word@db:5432/mlops"))
                .isEqualTo("jdbc:postgresql://***@db:5432/mlops");
        assertThat(StoreUri.redact("s3://AK:s3cr@t@bucket/models?region=eu-west-1"))
                .isEqualTo("s3://***@bucket/models?region=eu-west-1");
    }

    @Example
    void parametersWhoseNamesHoldSecretsAreMaskedWhateverTheirCase() {
        assertThat(StoreUri.redact("jdbc:postgresql://db/mlops?ssl=true&sslpassword=hunter2&sslkey=/k.pk8&user=bob"))
                .isEqualTo("jdbc:postgresql://db/mlops?ssl=true&sslpassword=***&sslkey=***&user=bob");
        assertThat(StoreUri.redact("s3://bucket?secretKey=SK&sessionToken=ST&region=us-east-1"))
                .isEqualTo("s3://bucket?secretKey=***&sessionToken=***&region=us-east-1");
        assertThat(StoreUri.redact("properties user=bob password=hunter2 ssl=true"))
                .isEqualTo("properties user=bob password=*** ssl=true");
        assertThat(StoreUri.isSecretName("poolSize")).isFalse();
        assertThat(StoreUri.isSecretName("Client_Credential")).isTrue();
    }

    private static void assertNoSecret(String text, Case c) {
        for (char letter : SECRET_LETTERS.toCharArray()) {
            assertThat(text).as("%s redacted from %s", text, c.uri()).doesNotContain(String.valueOf(letter));
        }
        for (String s : c.secrets()) {
            assertThat(text).doesNotContain(s);
        }
    }
}
