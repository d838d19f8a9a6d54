package dev.mlops.examples;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Every example listed in the README's examples table runs as the README says: a class under {@code src/main} has a
 * {@code main} that finishes, with no arguments (on the data shipped in this module, from any working directory), in
 * bounded time; a class under {@code src/test} is a test class that this build runs.
 */
class ReadmeExamplesRunTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern ROW = Pattern.compile("^\\| \\[`(\\w+)`]\\((examples/src/(main|test)/java/[^)]+\\.java)\\)");

    static List<String[]> listedExamples() throws Exception {
        List<String[]> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(ROOT.resolve("README.md"))) {
            if (line.startsWith("## ")) {
                inTable = line.equals("## Examples");
            }
            Matcher m = ROW.matcher(line);
            if (inTable && m.find()) {
                rows.add(new String[]{m.group(1), m.group(2), m.group(3)});
            }
        }
        return rows;
    }

    @TestFactory
    Stream<DynamicTest> everyExampleInTheReadmeTableRuns() throws Exception {
        List<String[]> rows = listedExamples();
        assertThat(rows).as("examples in the README's table").hasSizeGreaterThanOrEqualTo(12);
        return rows.stream().map(r -> DynamicTest.dynamicTest(r[0], () -> {
            assertThat(ROOT.resolve(r[1])).as("the README links an existing file").exists();
            Class<?> type = Class.forName("dev.mlops.examples." + r[0]);
            if (r[2].equals("test")) {
                assertThat(type.getDeclaredMethods()).as("a test class")
                        .anyMatch(m -> m.isAnnotationPresent(org.junit.jupiter.api.Test.class));
                return;
            }
            Method main = type.getMethod("main", String[].class);
            PrintStream old = System.out;
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            try {
                assertTimeoutPreemptively(Duration.ofMinutes(3), () -> main.invoke(null, (Object) new String[0]),
                        r[0] + ".main did not finish in 3 minutes");
            } finally {
                System.setOut(old);
            }
            assertThat(bytes.toString(StandardCharsets.UTF_8)).as("%s printed something", r[0]).isNotBlank();
        }));
    }

    @org.junit.jupiter.api.Test
    void theReadmesAliasHistorySnippetPrintsWhatAPersonReads() throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            RegistryReadmeSnippets.main(new String[0]);
        } finally {
            System.setOut(old);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).doesNotContain("OptionalInt").contains("January: v1, now: v1")
                .containsPattern("Z alice: \\(unset\\) -> v1 \\(first release\\)")
                .containsPattern("Z pipeline: v1 -> v2 \\(better AUC\\)")
                .containsPattern("Z bob: v2 -> v1 \\(v2 raises false positives\\)");
    }
}
