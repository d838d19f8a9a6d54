package dev.mlops.registry.spi;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class StoreUriTest {

    @Test
    void redactsUserInfo() {
        StoreUri u = StoreUri.parse("jdbc:postgresql://alice:s3cret@db.example:5432/mlops");
        assertThat(u.redacted()).isEqualTo("jdbc:postgresql://***@db.example:5432/mlops").doesNotContain("s3cret", "alice");
        assertThat(u.toString()).isEqualTo(u.redacted());
        assertThat(u.unredacted()).contains("s3cret");
        assertThat(StoreUri.redact("s3://AKIAXXX:abc@bucket/models")).isEqualTo("s3://***@bucket/models");
    }

    @Test
    void redactsPasswordTokenAndKeyParameters() {
        String text = "jdbc:postgresql://db/mlops?user=bob&password=hunter2&ssl=true&token=t0k&PWD=x;secret=y"
                + "&access_key=AK&secret-key=SK&X-Amz-Security-Token=st";
        String r = StoreUri.redact(text);
        assertThat(r).doesNotContain("hunter2", "t0k", "=x", "=y", "AK", "SK", "=st")
                .contains("password=***", "token=***", "PWD=***", "secret=***", "access_key=***", "secret-key=***",
                        "X-Amz-Security-Token=***", "user=bob", "ssl=true");
    }

    @Test
    void leavesUriWithoutSecretsAlone() {
        assertThat(StoreUri.redact("file:/var/lib/models")).isEqualTo("file:/var/lib/models");
        assertThat(StoreUri.redact("s3://bucket/models?region=eu-west-1")).isEqualTo("s3://bucket/models?region=eu-west-1");
        assertThat(StoreUri.redact(null)).isNull();
    }

    @Test
    void parsesTheSchemeInLowerCase() {
        StoreUri u = StoreUri.parse("  FILE:./data ");
        assertThat(u.scheme()).isEqualTo("file");
        assertThat(u.schemeSpecificPart()).isEqualTo("./data");
        assertThat(StoreUri.parse("mem:tests").scheme()).isEqualTo("mem");
        assertThat(StoreUri.parse("mem:tests")).isEqualTo(StoreUri.parse("mem:tests"));
    }

    @Test
    void refusesTextWithoutASchemeAndDriveLetters() {
        assertThatIllegalArgumentException().isThrownBy(() -> StoreUri.parse("/var/lib/models"))
                .withMessageContaining("file:./mlops-data");
        assertThatIllegalArgumentException().isThrownBy(() -> StoreUri.parse("C:\\models"));
        assertThatIllegalArgumentException().isThrownBy(() -> StoreUri.parse("//alice:pw@host/models"))
                .withMessageContaining("//***@host/models").withMessageNotContaining("pw");
    }

    @Test
    void turnsEveryFileFormIntoAPath() {
        assertThat(StoreUri.parse("file:/var/lib/models").toPath()).isEqualTo(Path.of("/var/lib/models"));
        assertThat(StoreUri.parse("file:///var/lib/models").toPath()).isEqualTo(Path.of("/var/lib/models"));
        assertThat(StoreUri.parse("file:relative/dir").toPath()).isEqualTo(Path.of("relative/dir"));
        assertThat(StoreUri.parse("file:./mlops-data").toPath()).isEqualTo(Path.of("./mlops-data"));
        assertThatIllegalArgumentException().isThrownBy(() -> StoreUri.parse("file:").toPath())
                .withMessageContaining("Expected a path after 'file:'");
    }
}
