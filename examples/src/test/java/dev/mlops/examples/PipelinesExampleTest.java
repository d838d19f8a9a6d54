package dev.mlops.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PipelinesExampleTest {
    @TempDir
    Path work;

    @Test
    void theReadmeSnippetPromotesV2AfterTheApprovalAndTheReadmeQuotesItVerbatim() throws Exception {
        assertThat(PipelinesExample.demo(work)).isEqualTo(2);

        String source = Files.readString(Path.of("src/main/java/dev/mlops/examples/PipelinesExample.java"));
        String snippet = source.substring(source.indexOf("// README: begin\n") + "// README: begin\n".length(),
                source.indexOf("        // README: end"));
        String readme = Files.readString(Path.of("../README.md"));
        assertThat(readme).contains(snippet.stripTrailing().stripIndent().strip());
    }
}
