package dev.mlops.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the README honest: every {@code ```java} block in README.md must stand, line for line (indentation aside),
 * in a Java source file of the project that the build compiles (blank and comment-only lines aside) — so a README snippet that stops compiling fails the
 * build instead of misleading a reader.
 */
class ReadmeSnippetsTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    void everyJavaSnippetInTheReadmeIsCompiledSource() throws IOException {
        List<List<String>> snippets = javaBlocks(Files.readAllLines(ROOT.resolve("README.md")));
        assertThat(snippets).as("java blocks in README.md").hasSizeGreaterThanOrEqualTo(5);
        List<List<String>> sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/")
                    && !p.toString().contains("/target/")).toList()) {
                sources.add(normalised(Files.readAllLines(f)));
            }
        }
        List<String> missing = new ArrayList<>();
        for (List<String> snippet : snippets) {
            List<String> want = normalised(snippet);
            if (want.isEmpty() || sources.stream().noneMatch(src -> java.util.Collections.indexOfSubList(src, want) >= 0)) {
                missing.add(String.join("\n", snippet));
            }
        }
        assertThat(missing).as("README java snippets not found verbatim in any compiled source file").isEmpty();
    }

    private static List<List<String>> javaBlocks(List<String> lines) {
        List<List<String>> out = new ArrayList<>();
        List<String> current = null;
        for (String line : lines) {
            String t = line.strip();
            if (current == null && t.equals("```java")) {
                current = new ArrayList<>();
            } else if (current != null && t.equals("```")) {
                out.add(current);
                current = null;
            } else if (current != null) {
                current.add(line);
            }
        }
        return out;
    }

    private static List<String> normalised(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            String t = l.strip();
            if (!t.isEmpty() && !t.startsWith("//")) { // blank and comment-only lines may differ
                out.add(t);
            }
        }
        return out;
    }
}
