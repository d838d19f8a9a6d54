package dev.mlops.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** CLI.md item 4: several {@code mlops registry register} processes started at once on one file: store. */
class RegistryCommandMultiProcessTest {

    @Test
    void severalRegisterProcessesAtOnceAllSucceedWithDistinctGapFreeNumbers(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("model.onnx");
        try (InputStream in = getClass().getResourceAsStream("/breast_cancer_mlp_v1.onnx")) {
            Files.copy(in, model);
        }
        String store = "file:" + dir.resolve("store");
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            processes.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                    MlopsCli.class.getName(), "registry", "--store", store, "register", "fraud", "--file", model.toString(),
                    "--param", "worker=" + i, "--json").redirectError(ProcessBuilder.Redirect.DISCARD).start());
        }
        List<Integer> numbers = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (Process p : processes) {
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            numbers.add(json.readTree(out).get("version").asInt());
        }
        assertThat(numbers).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 5).boxed().toList());
    }
}
