package dev.mlops.registry.s3.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class S3LocationTest {

    @Test
    void bucketPrefixAndParametersAreTakenApart() {
        S3Location l = S3Location.parse("s3://models-bucket/team/registry/?endpoint=http://127.0.0.1:9000&region=eu-west-1&pathStyle=true");
        assertThat(l.bucket()).isEqualTo("models-bucket");
        assertThat(l.prefix()).isEqualTo("team/registry");
        assertThat(l.params()).containsEntry("endpoint", "http://127.0.0.1:9000")
                .containsEntry("region", "eu-west-1").containsEntry("pathStyle", "true").hasSize(3);
    }

    @Test
    void userInfoBecomesTheAccessKeyAndSecret() {
        S3Location l = S3Location.parse("s3://AKIA1:se%2Fcret@bucket");
        assertThat(l.bucket()).isEqualTo("bucket");
        assertThat(l.prefix()).isEmpty();
        assertThat(l.params()).containsEntry("accessKey", "AKIA1").containsEntry("secretKey", "se/cret");
    }

    @Test
    void unknownParametersAndBadBucketsAreRefusedWithoutShowingSecrets() {
        assertThatThrownBy(() -> S3Location.parse("s3://AKIA1:topsecret@bucket?regoin=x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("regoin").hasMessageContaining("region").hasMessageNotContaining("topsecret");
        assertThatThrownBy(() -> S3Location.parse("s3://Bad_Bucket/x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bucket name");
        assertThatThrownBy(() -> S3Location.parse("http://bucket/x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("s3://");
    }
}
