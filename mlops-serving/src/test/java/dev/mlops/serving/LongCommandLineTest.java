package dev.mlops.serving;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ONNX Runtime 1.29 crashes the JVM (SIGSEGV) in {@code OrtEnvironment.getEnvironment()} when the command line is
 * longer than about 4 KB and the initialising thread has the default 1 MB stack — a long {@code -cp} from an IDE or
 * build tool is enough. {@code OrtRuntime} initialises on a large-stack thread; this child JVM proves it.
 */
class LongCommandLineTest {

    /** Child: load a fixture model and predict once. */
    public static void main(String[] args) throws Exception {
        try (LoadedModel model = Models.load(Path.of(args[0]))) {
            float[] p = model.predict(new float[][]{new float[30]}).first().floatValues();
            System.out.println("predicted " + p.length);
        }
    }

    @Test
    void aCommandLineOfTwentyKilobytesDoesNotCrashOnnxRuntime() throws Exception {
        Path model = Path.of(LongCommandLineTest.class.getResource("/models/breast_cancer_mlp_v1.onnx").toURI());
        String padding = "x".repeat(20_000);
        Process p = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dpadding=" + padding, "-Xmx128m",
                "-cp", System.getProperty("java.class.path"),
                LongCommandLineTest.class.getName(), model.toString()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("predicted 2");
    }
}
