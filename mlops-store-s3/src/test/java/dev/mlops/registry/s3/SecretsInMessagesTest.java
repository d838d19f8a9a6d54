package dev.mlops.registry.s3;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * S3 URIs with secrets as user info (secret keys with '@' and ':'), as {@code secretKey}/{@code sessionToken}
 * parameters and inside an endpoint's own user info: whatever is wrong with the rest of the URI, no secret appears in
 * the message of the exception or of any cause. Secrets hold the letters Ж and Ω, which nothing else contains.
 */
class SecretsInMessagesTest {
    record Hostile(String uri, List<String> secrets) {
    }

    @Provide
    Arbitrary<Hostile> hostile() {
        Arbitrary<String> secret = Arbitraries.strings().withChars("ЖΩ@:!$*+,~=").ofMinLength(3).ofMaxLength(16)
                .map(s -> "Ж" + s + "Ω");
        Arbitrary<String> fault = Arbitraries.of("&regoin=x", "&partSize=big", "&copyThreshold=-", "&accesKey=x", "");
        Arbitrary<String> bucket = Arbitraries.of("models-bucket", "Bad_Bucket", "ab");
        Arbitrary<Integer> where = Arbitraries.integers().between(0, 3);
        return Combinators.combine(secret, secret, bucket, fault, where).as((a, b, bk, f, w) -> switch (w) {
            case 0 -> new Hostile("s3://AKIA1:" + a + "@" + bk + "/p?region=eu-west-1" + f, List.of(a));
            case 1 -> new Hostile("s3://" + bk + "/p?accessKey=AKIA1&secretKey=" + a + "&sessionToken=" + b + f,
                    List.of(a, b));
            case 2 -> new Hostile("s3://" + bk + "?endpoint=http://u:" + a + "@127.0.0.1:9000&secretKey=" + b + f,
                    List.of(a, b));
            default -> new Hostile("s3://" + a + "@" + bk + f, List.of(a));
        });
    }

    @Property(tries = 300)
    void noSecretInAnyMessageOfARefusedUri(@ForAll("hostile") Hostile h) {
        Throwable t = catchThrowable(() -> S3BlobStore.open(h.uri()).close());
        if (t == null) {
            return; // a well-formed URI opens (the client connects lazily); nothing to show
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            assertThat(String.valueOf(c.getMessage())).doesNotContain("Ж", "Ω");
            for (String s : h.secrets()) {
                assertThat(String.valueOf(c.getMessage())).doesNotContain(s);
            }
        }
    }

    @Example
    void aSecretKeyWithAtSignsIsMaskedToTheLastOne() {
        Throwable t = catchThrowable(() -> S3BlobStore.open("s3://AKIA1:se@cr@et@bucket?regoin=x"));
        assertThat(t).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("s3://***@bucket?regoin=x")
                .hasMessageNotContaining("cr@et");
    }
}
