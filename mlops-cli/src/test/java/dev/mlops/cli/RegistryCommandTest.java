package dev.mlops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RegistryCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    String store;
    Path v1;
    Path v2;

    private record Result(int code, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + out + " / " + err, e);
            }
        }
    }

    private Result run(String... args) {
        CommandLine cl = MlopsCli.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private Result reg(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "registry";
        all[1] = "--store";
        all[2] = store;
        System.arraycopy(args, 0, all, 3, args.length);
        return run(all);
    }

    private Path resource(String name) throws Exception {
        Path p = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/" + name)) {
            Files.copy(in, p);
        }
        return p;
    }

    @BeforeEach
    void setUp() throws Exception {
        store = "file:" + dir.resolve("store");
        v1 = resource("breast_cancer_mlp_v1.onnx");
        v2 = resource("breast_cancer_mlp_v2.onnx");
    }

    @Test
    void registerPrintsTheNewNumberAsJsonAndShowListsEverything() throws Exception {
        Path data = resource("iris.csv");
        Result ds = reg("dataset", "add", "bc-train", data.toString(), "--json");
        assertThat(ds.code()).as(ds.err()).isZero();
        assertThat(ds.json().get("version").asInt()).isEqualTo(1);
        assertThat(ds.json().get("csv").get("rows").asInt()).isEqualTo(150);

        Result r = reg("register", "bc", "--file", v1.toString(), "--param", "lr=0.01", "--param", "epochs=60",
                "--param", "opt=adam", "--metric", "acc=0.95", "--tag", "team=risk", "--dataset", "bc-train:1", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("model").asText()).isEqualTo("bc");
        assertThat(j.get("version").asInt()).isEqualTo(1);
        assertThat(reg("register", "bc", "--file", v2.toString(), "--json").json().get("version").asInt()).isEqualTo(2);

        JsonNode show = reg("show", "bc", "1", "--json").json();
        assertThat(show.get("params").get("lr").asDouble()).isEqualTo(0.01);
        assertThat(show.get("params").get("epochs").isIntegralNumber()).isTrue();
        assertThat(show.get("params").get("opt").asText()).isEqualTo("adam");
        assertThat(show.get("metrics").get("acc").asDouble()).isEqualTo(0.95);
        assertThat(show.get("signature").get("inputs").get(0).get("name").asText()).isEqualTo("features");
        assertThat(show.get("signature").get("inputs").get(0).get("shape").toString()).isEqualTo("[\"batch\",\"30\"]");
        assertThat(show.get("lineage").get("datasets").get(0).get("name").asText()).isEqualTo("bc-train");
        assertThat(show.get("artifact").get("digest").asText()).startsWith("sha256:");

        Result text = reg("show", "bc", "1");
        assertThat(text.out()).contains("features tensor(float) [batch, 30]").contains("bc-train:1");

        JsonNode models = reg("models", "--json").json();
        assertThat(models.get("models").get(0).get("name").asText()).isEqualTo("bc");
        assertThat(models.get("models").get(0).get("latest_version").asInt()).isEqualTo(2);
        JsonNode versions = reg("versions", "bc", "--json").json();
        assertThat(versions.get("versions")).hasSize(2);
        JsonNode dsv = reg("dataset", "versions", "bc-train", "--json").json();
        assertThat(dsv.get("versions")).hasSize(1);
    }

    @Test
    void aliasSetHistoryResolveAsOfAndRollbackWorkEndToEnd() {
        reg("register", "bc", "--file", v1.toString());
        reg("register", "bc", "--file", v2.toString());
        Result set1 = reg("alias", "set", "bc", "production", "1", "--reason", "first", "--actor", "alice", "--json");
        assertThat(set1.code()).as(set1.err()).isZero();
        Instant between = Instant.now();
        Result set2 = reg("alias", "set", "bc", "production", "2", "--reason", "better", "--actor", "bob");
        assertThat(set2.code()).isZero();
        assertThat(set2.out()).contains("bc@production -> 2");

        assertThat(reg("resolve", "bc", "production", "--json").json().get("version").asInt()).isEqualTo(2);
        assertThat(reg("resolve", "bc", "production").out().strip()).isEqualTo("2");
        JsonNode asOf = reg("resolve", "bc", "production", "--as-of", between.toString(), "--json").json();
        assertThat(asOf.get("version").asInt()).isEqualTo(1);

        Result rb = reg("rollback", "bc", "production", "--reason", "v2 regressed", "--json");
        assertThat(rb.code()).as(rb.err()).isZero();
        assertThat(rb.json().get("version").asInt()).isEqualTo(1);

        JsonNode h = reg("alias", "history", "bc", "production", "--json").json();
        assertThat(h.get("intact").asBoolean()).isTrue();
        assertThat(h.get("moves")).hasSize(3);
        assertThat(h.get("moves").get(0).get("actor").asText()).isEqualTo("alice");
        assertThat(h.get("moves").get(2).get("kind").asText()).isEqualTo("rollback");
        assertThat(h.get("moves").get(1).get("previous_hash").asText()).isEqualTo(h.get("moves").get(0).get("hash").asText());
    }

    @Test
    void badInputExitsTwoWithOneLineOnStderr() {
        assertThat(reg("models", "--create").code()).isZero();   // an empty store that exists
        Result missing = reg("show", "nope", "1");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err().strip().lines()).hasSize(1);
        assertThat(missing.err()).startsWith("mlops: No model 'nope'");

        Result badName = reg("register", "Bad", "--file", v1.toString());
        assertThat(badName.code()).isEqualTo(2);
        assertThat(badName.err()).contains("lower-case").doesNotContain("Exception");

        Result badMetric = reg("register", "m", "--file", v1.toString(), "--metric", "auc=high");
        assertThat(badMetric.code()).isEqualTo(2);
        assertThat(badMetric.err()).contains("--metric auc expects a number");

        Result badDataset = reg("register", "m", "--file", v1.toString(), "--dataset", "nope:1");
        assertThat(badDataset.code()).isEqualTo(2);
        assertThat(badDataset.err()).contains("nope:1");

        Result noReason = reg("alias", "set", "m", "prod", "1");
        assertThat(noReason.code()).isEqualTo(2);
        assertThat(noReason.err()).contains("--reason");

        Result badInstant = reg("resolve", "m", "prod", "--as-of", "yesterday");
        assertThat(badInstant.code()).isEqualTo(2);
        assertThat(badInstant.err()).contains("ISO-8601");
        // nothing was registered by any of the failures
        assertThat(reg("models", "--json").json().get("models")).isEmpty();
    }

    @Test
    void aDataSetVersionsLineageIsShownInTextAndJsonAndTheModelShowsItsOutputs() throws Exception {
        Path data = resource("iris.csv");
        assertThat(reg("dataset", "add", "bc-train", data.toString()).code()).isZero();
        assertThat(reg("register", "bc", "--file", v1.toString()).code()).isZero();
        Path scored = dir.resolve("scored.csv");
        Files.writeString(scored, "p\n0.25\n0.75\n");

        Result add = reg("dataset", "add", "bc-scored", scored.toString(), "--derived-from", "bc-train:1",
                "--model", "bc:1", "--code-revision", "abc123", "--transform", "batch scoring", "--json");
        assertThat(add.code()).as(add.err()).isZero();
        JsonNode lineage = add.json().get("lineage");
        assertThat(lineage.get("inputs")).hasSize(1);
        assertThat(lineage.get("inputs").get(0).get("name").asText()).isEqualTo("bc-train");
        assertThat(lineage.get("inputs").get(0).get("version").asInt()).isEqualTo(1);
        assertThat(lineage.get("inputs").get(0).get("role").asText()).isEqualTo("input");
        assertThat(lineage.get("model").get("name").asText()).isEqualTo("bc");
        assertThat(lineage.get("model").get("version").asInt()).isEqualTo(1);
        assertThat(lineage.get("code_revision").asText()).isEqualTo("abc123");
        assertThat(lineage.get("transform").asText()).isEqualTo("batch scoring");
        assertThat(lineage.has("runId")).isFalse();

        JsonNode shown = reg("dataset", "show", "bc-scored", "1", "--json").json();
        assertThat(shown.get("lineage")).isEqualTo(lineage);
        assertThat(shown.get("files").get(0).get("path").asText()).isEqualTo("scored.csv");
        assertThat(shown.get("derived")).isEmpty();
        JsonNode train = reg("dataset", "show", "bc-train", "1", "--json").json();
        assertThat(train.get("lineage").get("inputs")).isEmpty();
        assertThat(train.get("lineage").has("model")).isFalse();
        assertThat(train.get("derived").get(0).asText()).isEqualTo("bc-scored:1");

        Result text = reg("dataset", "show", "bc-scored", "1");
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out().lines().toList()).startsWith("bc-scored:1").contains(
                "  from:        [bc-train:1 (input)]",
                "  produced by: model bc:1",
                "  code:        abc123",
                "  transform:   batch scoring",
                "  derived:     -");
        assertThat(reg("dataset", "show", "bc-train", "1").out().lines().toList()).contains(
                "  from:        -", "  produced by: -", "  derived:     bc-scored:1");
        assertThat(reg("dataset", "versions", "bc-scored").out())
                .contains("\tfrom bc-train:1 (input), by model bc:1, code abc123, transform 'batch scoring'");

        assertThat(reg("show", "bc", "1", "--json").json().get("outputs").get(0).asText()).isEqualTo("bc-scored:1");
        assertThat(reg("show", "bc", "1").out().lines().toList()).contains("  outputs:     bc-scored:1");

        Result unknownInput = reg("dataset", "add", "bc-scored", scored.toString(), "--derived-from", "bc-train:9");
        assertThat(unknownInput.code()).isEqualTo(2);
        assertThat(unknownInput.err().strip().lines()).hasSize(1);
        assertThat(unknownInput.err()).startsWith("mlops: The lineage of the new version of data set 'bc-scored' "
                + "names input data set version bc-train:9, which does not exist");
        Result badModel = reg("dataset", "add", "bc-scored", scored.toString(), "--model", "bc");
        assertThat(badModel.code()).isEqualTo(2);
        assertThat(badModel.err().strip()).isEqualTo(
                "mlops: --model expects NAME:VERSION with a version >= 1 (e.g. patients:3), found 'bc'");
        Result unknownModel = reg("dataset", "add", "bc-scored", scored.toString(), "--model", "bc:5");
        assertThat(unknownModel.code()).isEqualTo(2);
        assertThat(unknownModel.err()).contains("names model version bc:5, which does not exist");
        assertThat(reg("dataset", "versions", "bc-scored", "--json").json().get("versions")).hasSize(1);
    }

    @Test
    void verifyGcExportAndImportRoundTrip() throws Exception {
        reg("register", "bc", "--file", v1.toString(), "--metric", "acc=0.95");
        Result verify = reg("verify", "--json");
        assertThat(verify.code()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.json().get("clean").asBoolean()).isTrue();

        Result gc = reg("gc", "--dry-run", "--json");
        assertThat(gc.code()).isZero();
        assertThat(gc.json().get("dry_run").asBoolean()).isTrue();
        assertThat(gc.json().get("referenced").asInt()).isEqualTo(1);

        Path archive = dir.resolve("bc-1.zip");
        Result exp = reg("export", "bc", "1", "--out", archive.toString());
        assertThat(exp.code()).as(exp.err()).isZero();
        String other = "file:" + dir.resolve("other");
        Result imp = run("registry", "--store", other, "import", archive.toString(), "--json");
        assertThat(imp.code()).as(imp.err()).isZero();
        assertThat(imp.json().get("version").asInt()).isEqualTo(1);
        assertThat(imp.json().get("origin").get("version").asInt()).isEqualTo(1);
        assertThat(imp.json().get("metrics").get("acc").asDouble()).isEqualTo(0.95);
        Result again = run("registry", "--store", other, "import", archive.toString());
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("already imported");
    }

    @Test
    void everyRegistryCommandHasHelpWithAnExample() {
        for (String[] cmd : new String[][]{{"register"}, {"models"}, {"versions"}, {"show"}, {"alias", "set"},
                {"alias", "history"}, {"resolve"}, {"rollback"}, {"dataset", "add"}, {"dataset", "versions"}, {"dataset", "show"}, {"gc"},
                {"verify"}, {"export"}, {"import"}}) {
            String[] args = new String[cmd.length + 2];
            args[0] = "registry";
            System.arraycopy(cmd, 0, args, 1, cmd.length);
            args[args.length - 1] = "--help";
            Result r = run(args);
            assertThat(r.code()).as(String.join(" ", cmd)).isZero();
            assertThat(r.out()).as(String.join(" ", cmd)).contains("Example:").contains("bin/mlops registry");
        }
    }
}
