package dev.mlops.ui;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every page type loaded in headless Chromium from a running server: no console message (a CSP violation or a script
 * error would log one), no failed load; screenshots of the model and version pages are kept in {@code target/}.
 * Skipped when Chromium is not installed.
 */
class RegistryBrowserChromiumTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    @TempDir
    static Path dir;
    static StoryFixture story;
    static RegistryBrowser.Server server;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed at " + CHROMIUM
                + " (Debian: apt-get install -y chromium); skipping the browser test");
        story = StoryFixture.build(dir);
        server = RegistryBrowser.builder(story.registry).clock(story.clock).build().start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
            story.registry.close();
        }
    }

    @Test
    void everyPageTypeLoadsWithoutConsoleErrorsOrFailedLoads() throws Exception {
        String[] pages = {"", "models/breast-cancer-mlp", "models/breast-cancer-mlp/versions/2",
                "models/breast-cancer-mlp/aliases/production?asOf=2026-01-08T00:00:00Z", "models/breast-cancer-mlp/compare?a=1&b=2",
                "models/breast-cancer-mlp/versions/2/attachments/drift-report.json",
                "runs?q=metric.test_auc+%3E%3D+0.9", "runs/" + story.run1, "runs/compare?a=" + story.run1 + "&b=" + story.run2,
                "datasets", "datasets/scored", "datasets/breast-cancer/versions/1", "datasets/scored/diff?from=1&to=2",
                "health?verify=1", "models/hostile", "models/hostile/versions/1"};
        for (String page : pages) {
            Run dom = chromium("--dump-dom", server.uri() + page);
            assertThat(dom.exit).as("%s: exit; stderr:%n%s", page, dom.stderr).isZero();
            assertThat(dom.stdout).as(page).contains("</html>");
            assertThat(problems(dom.stderr)).as(page).isEmpty();
            assertThat(dom.stdout).as(page).doesNotContain("<script>alert");
        }
    }

    @Test
    void screenshotsOfTheModelAndVersionPages() throws Exception {
        Path target = Path.of("target");
        Files.createDirectories(target);
        for (String[] shot : new String[][] {{"models/breast-cancer-mlp", "ui-model.png", "1280,1300"},
                {"models/breast-cancer-mlp/versions/2", "ui-version.png", "1280,2600"}}) {
            Path png = target.resolve(shot[1]).toAbsolutePath();
            Files.deleteIfExists(png);
            Run run = chromium("--screenshot=" + png, "--window-size=" + shot[2], "--hide-scrollbars",
                    server.uri() + shot[0]);
            assertThat(run.exit).as("%s: stderr:%n%s", shot[0], run.stderr).isZero();
            assertThat(problems(run.stderr)).isEmpty();
            byte[] bytes = Files.readAllBytes(png);
            assertThat(bytes.length).isGreaterThan(30_000);
            assertThat(Arrays.copyOf(bytes, 8)).containsExactly(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
        }
    }

    static List<String> problems(String stderr) {
        return stderr.lines().filter(l -> l.contains("CONSOLE") || l.contains("Uncaught") || l.contains("Refused to")
                || l.contains("Failed to load resource") || l.contains("net::ERR_")).toList();
    }

    record Run(int exit, String stdout, String stderr) {
    }

    static Run chromium(String... args) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory(dir, "chromium");
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + work.resolve("profile"),
                "--enable-logging=stderr", "--v=0", "--virtual-time-budget=3000"));
        cmd.addAll(List.of(args));
        Path out = work.resolve("stdout.txt");
        Path err = work.resolve("stderr.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("chromium did not finish in 90 s: " + cmd);
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
