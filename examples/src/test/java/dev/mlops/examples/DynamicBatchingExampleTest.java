package dev.mlops.examples;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class DynamicBatchingExampleTest {
    @Test
    void everyAsynchronousBatchedAnswerEqualsTheUnbatchedOne() throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            DynamicBatchingExample.main(new String[0]);
        } finally {
            System.setOut(out);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("all 569 batched answers equal the unbatched ones");
        // 569 requests in at most 569 / 1 batches; with 64-row batches at least 9 of them
        assertThat(text).containsPattern("569 requests in \\d+ batches, largest \\d+ rows");
        int batches = Integer.parseInt(text.replaceAll("(?s).*569 requests in (\\d+) batches.*", "$1"));
        assertThat(batches).isBetween(9, 569);
    }
}
