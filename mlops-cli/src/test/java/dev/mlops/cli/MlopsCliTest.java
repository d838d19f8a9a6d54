package dev.mlops.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class MlopsCliTest {

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        CommandLine cl = MlopsCli.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void helpListsUsageAndAnExampleAndExitsZero() {
        Result r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: mlops").contains("Example:").contains("--version");
    }

    @Test
    void versionPrintsTheProjectVersion() {
        Result r = run("--version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("mlops 0.1.0-SNAPSHOT");
    }

    @Test
    void anUnknownOptionIsAOneLineUsageErrorWithExitCodeTwo() {
        Result r = run("--no-such-option");
        assertThat(r.code()).isEqualTo(MlopsCli.EXIT_USAGE);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("mlops: Unknown option: '--no-such-option'");
    }
}
