package dev.mlops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static dev.mlops.cli.PredictCommandTest.mlops;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 21 through the CLI's own harness: no lost input, no silent success on a mistyped store or mismatched
 * columns, messages that name the file and the next command, one JSON key convention.
 */
class NewcomerTrustTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path copy(String resource, String as) throws IOException {
        Path p = dir.resolve(as);
        try (InputStream in = NewcomerTrustTest.class.getResourceAsStream(resource)) {
            Files.copy(in, p);
        }
        return p;
    }

    private static void assertUsageError(PredictCommandTest.Run r, String... fragments) {
        assertThat(r.exit()).as("exit code; stderr: %s", r.err()).isEqualTo(MlopsCli.EXIT_USAGE);
        assertThat(r.err().strip().lines()).as("stderr lines").hasSize(1);
        assertThat(r.err()).startsWith("mlops: ").doesNotContain("\tat ", "Exception");
        for (String f : fragments) {
            assertThat(r.err()).contains(f);
        }
    }

    // ------------------------------------------------------------------ 1. score never destroys its input

    @Test
    void scoreRefusesToWriteOverItsInputByPathSymlinkOrHardLink() throws Exception {
        Path model = copy("/predict/breast_cancer_mlp_v1.onnx", "m.onnx");
        Path data = copy("/predict/breast_cancer.csv", "data.csv");
        byte[] before = Files.readAllBytes(data);
        Path symlink = Files.createSymbolicLink(dir.resolve("link.csv"), data);
        Path hardLink = Files.createLink(dir.resolve("hard.csv"), data);
        Path sub = Files.createDirectory(dir.resolve("sub"));
        for (String out : List.of(data.toString(), symlink.toString(), hardLink.toString(),
                sub.resolve("../data.csv").toString())) {
            PredictCommandTest.Run r = mlops("score", "--model", model.toString(), "--data", data.toString(), "--out", out);
            assertUsageError(r, "is the same file as --data", "choose another --out");
            assertThat(Files.readAllBytes(data)).as("input after --out %s", out).isEqualTo(before);
        }
    }

    @Test
    void scoreWritesNoTemporaryFileBesideItsOutputAndReplacesAnOldOutputWhole() throws Exception {
        Path model = copy("/predict/breast_cancer_mlp_v1.onnx", "m.onnx");
        Path data = copy("/predict/breast_cancer.csv", "data.csv");
        Path out = Files.writeString(dir.resolve("scored.csv"), "old content\n");
        PredictCommandTest.Run r = mlops("score", "--model", model.toString(), "--data", data.toString(), "--out",
                out.toString(), "--outputs-only");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readAllLines(out)).hasSize(570).first().isEqualTo("probabilities_0,probabilities_1");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("m.onnx", "data.csv",
                    "scored.csv");
        }
    }

    @Test
    void aFailedScoreLeavesNeitherOutputNorTemporaryFile() throws Exception {
        Path model = copy("/predict/breast_cancer_mlp_v1.onnx", "m.onnx");
        List<String> lines = Files.readAllLines(copy("/predict/breast_cancer.csv", "data.csv"));
        List<String> bad = new ArrayList<>(lines.subList(0, 400));
        bad.add(lines.get(400).replaceFirst("^[^,]*,", "x,"));
        Path data = Files.write(dir.resolve("bad.csv"), bad);
        PredictCommandTest.Run r = mlops("score", "--model", model.toString(), "--data", data.toString(), "--out",
                dir.resolve("o.csv").toString(), "--chunk-rows", "50");
        assertThat(r.exit()).isEqualTo(MlopsCli.EXIT_USAGE);
        assertThat(r.err().strip().lines().reduce((a, b) -> b).orElseThrow())
                .isEqualTo("mlops: line 401, column 'mean radius': 'x' is not a number (expected float32)");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("m.onnx", "data.csv",
                    "bad.csv");
        }
    }

    @Test
    void scoreToStdoutWritesTheCsvThereAndTheSummaryOnStderr() throws Exception {
        Path model = copy("/predict/breast_cancer_mlp_v1.onnx", "m.onnx");
        Path data = copy("/predict/breast_cancer.csv", "data.csv");
        PredictCommandTest.Run r = mlops("score", "--model", model.toString(), "--data", data.toString(), "--out", "-",
                "--outputs-only");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> csv = r.out().lines().toList();
        assertThat(csv).hasSize(570);
        assertThat(csv.get(0)).isEqualTo("probabilities_0,probabilities_1");
        assertThat(r.err()).contains("scored 569 rows of " + data + " into stdout");
    }

    @Test
    void scoreNamesAMissingOutputDirectoryADirectoryAndABinaryInput() throws Exception {
        Path model = copy("/predict/breast_cancer_mlp_v1.onnx", "m.onnx");
        Path data = copy("/predict/breast_cancer.csv", "data.csv");
        Path missingDir = dir.resolve("nowhere");
        assertUsageError(mlops("score", "--model", model.toString(), "--data", data.toString(), "--out",
                missingDir.resolve("o.csv").toString()), "does not exist", "mkdir -p " + missingDir);
        assertUsageError(mlops("score", "--model", model.toString(), "--data", data.toString(), "--out",
                dir.toString()), "--out " + dir + " is a directory");
        assertUsageError(mlops("score", "--model", model.toString(), "--data", dir.toString(), "--out",
                dir.resolve("o.csv").toString()), "--data " + dir + " is a directory");
        assertUsageError(mlops("score", "--model", model.toString(), "--data", model.toString(), "--out",
                dir.resolve("o.csv").toString()), "--data " + model + " is not UTF-8 text", "expected a CSV");
        assertUsageError(mlops("drift", "--reference", model.toString(), "--current", data.toString()),
                "--reference " + model + " is not UTF-8 text");
        assertUsageError(mlops("predict", "--model", model.toString(), "--input", dir.toString()),
                "--input " + dir + " is a directory; expected a JSON file");
        assertUsageError(mlops("predict", "--model", dir.toString(), "--input", data.toString()),
                "--model " + dir + " is a directory; expected an ONNX model file");
    }

    // ------------------------------------------------------------------ 2. a mistyped store is not an empty store

    @Test
    void readOnlyAndMaintenanceCommandsRefuseAStoreThatDoesNotExistAndCreateNothing() {
        Path missing = dir.resolve("mlops-dta");
        String store = "file:" + missing;
        List<List<String>> commands = List.of(List.of("models"), List.of("versions", "fraud"), List.of("show", "fraud", "1"),
                List.of("resolve", "fraud", "production"), List.of("alias", "history", "fraud", "production"),
                List.of("verify"), List.of("gc", "--dry-run"), List.of("gc"),
                List.of("export", "fraud", "1", "--out", dir.resolve("f.zip").toString()),
                List.of("dataset", "versions", "train"), List.of("dataset", "show", "train", "1"));
        for (List<String> c : commands) {
            List<String> args = new ArrayList<>(List.of("registry", "--store", store));
            args.addAll(c);
            PredictCommandTest.Run r = mlops(args.toArray(new String[0]));
            assertUsageError(r, "no registry store at " + store, missing + " does not exist", "register", "--create");
            assertThat(missing).as("after %s", c).doesNotExist();
        }
        Path schema;
        try {
            Path csv = Files.writeString(dir.resolve("d.csv"), "a\n1\n");
            schema = Files.writeString(dir.resolve("schema.json"), mlops("check", "--infer", "--data", csv.toString()).out());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertUsageError(mlops("check", "--schema", schema.toString(), "--dataset", "train:1", "--store", store),
                "no registry store at " + store);
        assertThat(missing).doesNotExist();
    }

    @Test
    void writingCommandsCreateTheStoreAndCreateLetsAReadOnlyCommandStartOne() throws Exception {
        Path model = copy("/breast_cancer_mlp_v1.onnx", "m.onnx");
        String store = "file:" + dir.resolve("new-store");
        PredictCommandTest.Run reg = mlops("registry", "--store", store, "register", "fraud", "--file", model.toString());
        assertThat(reg.exit()).as(reg.err()).isZero();
        assertThat(mlops("registry", "--store", store, "verify").exit()).isZero();

        String empty = "file:" + dir.resolve("empty-store");
        PredictCommandTest.Run created = mlops("registry", "--store", empty, "--create", "models", "--json");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(JSON.readTree(created.out()).get("models")).isEmpty();
        assertThat(dir.resolve("empty-store").resolve("mlops-store.json")).exists();
    }

    @Test
    void storeIsAcceptedBeforeTheSubcommandAsTheTopLevelHelpShows() throws Exception {
        Path model = copy("/breast_cancer_mlp_v1.onnx", "m.onnx");
        String store = "file:" + dir.resolve("s");
        assertThat(mlops("--help").out()).contains("--store=URI");
        PredictCommandTest.Run r = mlops("--store", store, "registry", "register", "fraud", "--file", model.toString(),
                "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        PredictCommandTest.Run models = mlops("--store", store, "registry", "models", "--json");
        assertThat(models.exit()).as(models.err()).isZero();
        assertThat(JSON.readTree(models.out()).get("models").get(0).get("name").asText()).isEqualTo("fraud");
    }

    @Test
    void recordsAndBlobsCanLiveInSeparateStores() throws Exception {
        Path model = copy("/breast_cancer_mlp_v1.onnx", "m.onnx");
        String records = "file:" + dir.resolve("records");
        String blobs = "file:" + dir.resolve("blobs");
        PredictCommandTest.Run r = mlops("registry", "--store", records, "--blobs", blobs, "register", "fraud", "--file",
                model.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        try (var walk = Files.walk(dir.resolve("blobs"))) {
            assertThat(walk.filter(Files::isRegularFile).filter(p -> p.toString().contains("sha256"))).isNotEmpty();
        }
        try (var walk = Files.walk(dir.resolve("records"))) {
            assertThat(walk.filter(Files::isRegularFile).filter(p -> p.toString().contains("sha256"))).isEmpty();
        }
    }

    @Test
    void anS3UriNamesTheModuleThatProvidesIt() {
        PredictCommandTest.Run r = mlops("registry", "--store", "s3://bucket/prefix", "models");
        assertUsageError(r, "mlops-store-s3");
        assertThat(r.err()).doesNotContain("e.g. mlops-store-jdbc");
    }

    // ------------------------------------------------------------------ 3./4. drift columns

    @Test
    void driftRefusesColumnsPresentInOnlyOneFileUnlessAllowedAndThenReportsThem() throws Exception {
        Path ref = Files.writeString(dir.resolve("ref.csv"), "a,b,target\n1,2,0\n2,3,1\n3,4,0\n4,5,1\n");
        Path cur = Files.writeString(dir.resolve("cur.csv"), "a,c,target\n1,9,0\n2,9,1\n3,9,0\n4,9,1\n");
        assertUsageError(mlops("drift", "--reference", ref.toString(), "--current", cur.toString()),
                "only in " + ref + ": [b]", "only in " + cur + ": [c]", "--allow-missing-columns");

        PredictCommandTest.Run allowed = mlops("drift", "--reference", ref.toString(), "--current", cur.toString(),
                "--allow-missing-columns", "--json");
        assertThat(allowed.exit()).as(allowed.err()).isZero();
        JsonNode doc = JSON.readTree(allowed.out());
        assertThat(doc.get("only_in_reference").get(0).asText()).isEqualTo("b");
        assertThat(doc.get("only_in_current").get(0).asText()).isEqualTo("c");
        assertThat(doc.get("features")).hasSize(2);
        PredictCommandTest.Run text = mlops("drift", "--reference", ref.toString(), "--current", cur.toString(),
                "--allow-missing-columns");
        assertThat(text.out()).contains("Not compared, only in " + ref + ": b").contains("only in " + cur + ": c");

        assertUsageError(mlops("drift", "--reference", ref.toString(), "--current", cur.toString(), "--columns", "a,b"),
                "column 'b' is not in " + cur);
    }

    @Test
    void anUnnamedFirstColumnIsAnIndexAndIsSkippedSayingSo() throws Exception {
        StringBuilder r = new StringBuilder(",x\n");
        StringBuilder c = new StringBuilder("Unnamed: 0,x\n");
        for (int i = 0; i < 40; i++) {
            r.append("2020-01-").append(String.format("%02d", i % 28 + 1)).append(',').append(i % 10).append('\n');
            c.append(1000 + i).append(',').append(i % 10).append('\n');
        }
        Path ref = Files.writeString(dir.resolve("ref.csv"), r);
        Path cur = Files.writeString(dir.resolve("cur.csv"), c);
        PredictCommandTest.Run json = mlops("drift", "--reference", ref.toString(), "--current", cur.toString(), "--json");
        assertThat(json.exit()).as(json.err()).isZero();
        JsonNode doc = JSON.readTree(json.out());
        assertThat(doc.get("features")).hasSize(1);
        assertThat(doc.get("features").get(0).get("name").asText()).isEqualTo("x");
        assertThat(doc.get("skipped_columns")).hasSize(2);
        assertThat(doc.get("skipped_columns").get(0).get("column").asText()).isEmpty();
        assertThat(doc.get("skipped_columns").get(1).get("column").asText()).isEqualTo("Unnamed: 0");
        PredictCommandTest.Run text = mlops("drift", "--reference", ref.toString(), "--current", cur.toString());
        assertThat(text.out()).contains("Skipped the unnamed first column of " + ref + " (''): a row index, not a feature.")
                .contains("No drift.");
    }

    // ------------------------------------------------------------------ 6. messages

    @Test
    void aMistypedOptionIsUnknownWithASuggestionNotAMissingRequiredOne() throws Exception {
        PredictCommandTest.Run r = mlops("predict", "--modle", "m.onnx", "--input", "in.json");
        assertUsageError(r, "Unknown option: '--modle'", "did you mean '--model'?");
        assertThat(r.err()).doesNotContain("Missing required");
    }

    @Test
    void aMistypedSubcommandGetsDidYouMean() {
        assertUsageError(mlops("predcit"), "Unknown command 'predcit'", "did you mean 'predict'?");
        assertUsageError(mlops("registry", "--store", "mem:", "modles"), "did you mean 'models'?");
        assertUsageError(mlops("registry", "--store", "mem:", "alias", "hsitory"), "did you mean 'history'?");
    }

    @Test
    void adviceForJavaCallersIsTranslatedIntoCommandsAndFileErrorsNameTheirFile() {
        assertThat(MlopsCli.forCommandLineUsers(new IllegalStateException(
                "model.bin should be an ONNX model but is not: bad. Pass format(\"...\") for other formats.")))
                .contains("pass --format NAME (e.g. --format pickle)").doesNotContain("format(\"");
        assertThat(MlopsCli.forCommandLineUsers(new IllegalStateException(
                "blob abc is corrupted. Run the registry's verify() and restore or re-register it.")))
                .contains("Run 'mlops registry verify'").doesNotContain("verify()");
        assertThat(MlopsCli.forCommandLineUsers(new java.io.UncheckedIOException("write failed",
                new java.nio.file.FileSystemException("/data/out.csv", null, "Is a directory"))))
                .isEqualTo("/data/out.csv is a directory; expected a file");
    }

    @Test
    void registeringANonOnnxFileAsOnnxSuggestsTheFormatOption() throws Exception {
        Path notOnnx = Files.writeString(dir.resolve("model.onnx"), "not a model");
        PredictCommandTest.Run r = mlops("registry", "--store", "file:" + dir.resolve("s"), "register", "m", "--file",
                notOnnx.toString());
        assertUsageError(r, "--format NAME");
        assertThat(r.err()).doesNotContain("format(\"");
        Path pickle = Files.writeString(dir.resolve("model.pkl"), "not a model");
        PredictCommandTest.Run other = mlops("registry", "--store", "file:" + dir.resolve("s"), "register", "m", "--file",
                pickle.toString(), "--format", "pickle", "--json");
        assertThat(other.exit()).as(other.err()).isZero();
        assertThat(JSON.readTree(other.out()).get("format").asText()).isEqualTo("pickle");
    }

    @Test
    void historyOfAnAliasNeverSetSaysSo() throws Exception {
        Path model = copy("/breast_cancer_mlp_v1.onnx", "m.onnx");
        String store = "file:" + dir.resolve("s");
        assertThat(mlops("registry", "--store", store, "register", "fraud", "--file", model.toString()).exit()).isZero();
        PredictCommandTest.Run r = mlops("registry", "--store", store, "alias", "history", "fraud", "prodution");
        assertUsageError(r, "alias 'prodution' of model 'fraud' has never been set",
                "mlops registry alias set fraud prodution VERSION --reason TEXT");
        assertThat(r.err()).doesNotContain("intact");
    }

    // ------------------------------------------------------------------ 8. one JSON key convention

    @Test
    void everyRegistryJsonOutputUsesSnakeCaseKeys() throws Exception {
        Path model = copy("/breast_cancer_mlp_v1.onnx", "m.onnx");
        Path data = copy("/iris.csv", "iris.csv");
        String store = "file:" + dir.resolve("s");
        List<List<String>> commands = List.of(
                List.of("dataset", "add", "train", data.toString(), "--code-revision", "abc", "--json"),
                List.of("register", "fraud", "--file", model.toString(), "--dataset", "train:1", "--code-revision", "abc",
                        "--param", "learningRate=0.1", "--json"),
                List.of("alias", "set", "fraud", "production", "1", "--reason", "first", "--json"),
                List.of("models", "--json"), List.of("versions", "fraud", "--json"), List.of("show", "fraud", "1", "--json"),
                List.of("resolve", "fraud", "production", "--as-of", "2999-01-01T00:00:00Z", "--json"),
                List.of("alias", "history", "fraud", "production", "--json"),
                List.of("dataset", "versions", "train", "--json"), List.of("dataset", "show", "train", "1", "--json"),
                List.of("gc", "--dry-run", "--json"), List.of("verify", "--json"),
                List.of("export", "fraud", "1", "--out", dir.resolve("f.zip").toString(), "--json"));
        for (List<String> c : commands) {
            List<String> args = new ArrayList<>(List.of("registry", "--store", store));
            args.addAll(c);
            PredictCommandTest.Run r = mlops(args.toArray(new String[0]));
            assertThat(r.exit()).as("%s: %s", c, r.err()).isZero();
            assertSnakeCase(JSON.readTree(r.out()), c.toString());
        }
        JsonNode show = JSON.readTree(mlops("registry", "--store", store, "show", "fraud", "1", "--json").out());
        assertThat(show.get("params").has("learningRate")).as("user keys are kept").isTrue();
        assertThat(show.get("created_at").asText()).isNotEmpty();
        assertThat(show.get("lineage").get("code_revision").asText()).isEqualTo("abc");
    }

    @Test
    void driftCheckAndScoreJsonUseSnakeCaseKeysToo() throws Exception {
        Path ref = Files.writeString(dir.resolve("ref.csv"), "a,city\n1,x\n2,y\n3,x\n4,y\n");
        Path cur = Files.writeString(dir.resolve("cur.csv"), "a,city\n1,x\n2,y\n3,x\n9,z\n");
        PredictCommandTest.Run drift = mlops("drift", "--reference", ref.toString(), "--current", cur.toString(), "--json");
        assertThat(drift.exit()).as(drift.err()).isIn(0, 1);
        assertSnakeCase(JSON.readTree(drift.out()), "drift");
        Path schema = Files.writeString(dir.resolve("s.json"), mlops("check", "--infer", "--data", ref.toString()).out());
        PredictCommandTest.Run check = mlops("check", "--schema", schema.toString(), "--data", cur.toString(), "--json");
        assertSnakeCase(JSON.readTree(check.out()), "check");
        assertThat(JSON.readTree(check.out()).has("percent_passed")).isTrue();
        PredictCommandTest.Run score = mlops("score", "--model", copy("/predict/breast_cancer_mlp_v1.onnx", "m.onnx").toString(),
                "--data", copy("/predict/breast_cancer.csv", "d.csv").toString(), "--out", dir.resolve("o.csv").toString(),
                "--json");
        assertThat(score.exit()).as(score.err()).isZero();
        assertSnakeCase(JSON.readTree(score.out()), "score");
    }

    private static void assertSnakeCase(JsonNode node, String where) {
        if (node.isObject()) {
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String n = names.next();
                if (n.equals("params") || n.equals("metrics") || n.equals("tags")) {
                    continue;   // user-chosen keys
                }
                assertThat(n).as("key in %s", where).matches("[a-z0-9_]+");
                assertSnakeCase(node.get(n), where);
            }
        } else if (node.isArray()) {
            node.forEach(e -> assertSnakeCase(e, where));
        }
    }

    // ------------------------------------------------------------------ 9. help and small things

    @Test
    void helpNeverBreaksATokenAndEveryOptionAndPositionalIsDescribed() {
        List<picocli.CommandLine> all = new ArrayList<>();
        collect(MlopsCli.newCommandLine(), all);
        for (picocli.CommandLine cl : all) {
            var spec = cl.getCommandSpec();
            for (var o : spec.options()) {
                assertThat(String.join(" ", o.description())).as("%s %s", spec.qualifiedName(), o.longestName())
                        .isNotBlank();
            }
            for (var p : spec.positionalParameters()) {
                assertThat(String.join(" ", p.description())).as("%s %s", spec.qualifiedName(), p.paramLabel())
                        .isNotBlank();
            }
            String narrow = cl.getUsageMessage();
            spec.usageMessage().width(400);
            String wide = cl.getUsageMessage();
            spec.usageMessage().width(80);
            java.util.Set<String> wideTokens = new java.util.HashSet<>(List.of(wide.replace("\\", " ").split("\\s+")));
            for (String line : narrow.lines().toList()) {
                assertThat(line.length()).as("%s: %s", spec.qualifiedName(), line).isLessThanOrEqualTo(80);
                for (String token : line.replace("\\", " ").strip().split("\\s+")) {
                    if (token.isEmpty()) {
                        continue;
                    }
                    assertThat(wideTokens).as("%s: token '%s' of line '%s'", spec.qualifiedName(), token, line)
                            .contains(token);
                }
            }
        }
    }

    private static void collect(picocli.CommandLine cl, List<picocli.CommandLine> all) {
        all.add(cl);
        cl.getSubcommands().values().forEach(s -> collect(s, all));
    }

    @Test
    void predictPrintsSequenceOutputsAsPeopleReadThem() throws Exception {
        Path model = copy("/predict/iris_logreg_zipmap.onnx", "iris.onnx");
        Path input = copy("/predict/iris_logreg_zipmap.json", "iris.json");
        PredictCommandTest.Run r = mlops("predict", "--model", model.toString(), "--input", input.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("SequenceInfo", "MapInfo")
                .contains("output_probability: sequence of map(int64 -> float32)]")
                .contains("output_probability sequence of 15: [{0: 0.98157287, 1: 0.018427128, 2: 1.4781146E-8}, ");
    }

    @Test
    void checkFailuresOnlyListsOnlyTheFailedChecks() throws Exception {
        Path data = Files.writeString(dir.resolve("d.csv"), "age,city\n30,Lyon\n200,Paris\n");
        Path schema = dir.resolve("schema.json");
        PredictCommandTest.Run inferred = mlops("check", "--infer", "--data", data.toString());
        assertThat(inferred.exit()).as(inferred.err()).isZero();
        Files.writeString(schema, inferred.out());
        Path today = Files.writeString(dir.resolve("t.csv"), "age,city\n30,Lyon\n500,Rome\n");
        PredictCommandTest.Run all = mlops("check", "--schema", schema.toString(), "--data", today.toString());
        PredictCommandTest.Run failures = mlops("check", "--schema", schema.toString(), "--data", today.toString(),
                "--failures-only");
        assertThat(all.exit()).isEqualTo(1);
        assertThat(failures.exit()).isEqualTo(1);
        assertThat(all.out()).contains("  PASS  ");
        assertThat(failures.out()).doesNotContain("  PASS  ").contains("  FAIL  ");
        assertThat(failures.out().lines().filter(l -> l.startsWith("  FAIL  ")).count())
                .isEqualTo(all.out().lines().filter(l -> l.startsWith("  FAIL  ")).count());
        assertThat(failures.out().strip().lines().reduce((a, b) -> b).orElseThrow())
                .isEqualTo(all.out().strip().lines().reduce((a, b) -> b).orElseThrow());
        JsonNode json = JSON.readTree(mlops("check", "--schema", schema.toString(), "--data", today.toString(),
                "--failures-only", "--json").out());
        json.get("checks").forEach(c -> assertThat(c.get("passed").asBoolean()).isFalse());
        assertThat(json.get("checks")).isNotEmpty();
    }

    @Test
    void exportRefusesToOverwriteWithoutForceAndShowPrintsOneOutputsLine() throws Exception {
        Path model = copy("/breast_cancer_mlp_v1.onnx", "m.onnx");
        String store = "file:" + dir.resolve("s");
        assertThat(mlops("registry", "--store", store, "register", "fraud", "--file", model.toString()).exit()).isZero();
        Path archive = Files.writeString(dir.resolve("fraud-1.zip"), "precious");
        assertUsageError(mlops("registry", "--store", store, "export", "fraud", "1", "--out", archive.toString()),
                archive + " already exists", "--force");
        assertThat(Files.readString(archive, StandardCharsets.UTF_8)).isEqualTo("precious");
        PredictCommandTest.Run forced = mlops("registry", "--store", store, "export", "fraud", "1", "--out",
                archive.toString(), "--force");
        assertThat(forced.exit()).as(forced.err()).isZero();
        assertThat(Files.size(archive)).isGreaterThan(1000);

        PredictCommandTest.Run show = mlops("registry", "--store", store, "show", "fraud", "1");
        assertThat(show.out().lines().filter(l -> l.contains("outputs:")).count()).isEqualTo(1);
        assertThat(show.out()).contains("  outputs:     -").contains("    out probabilities tensor(float) [batch, 2]");
    }
}
