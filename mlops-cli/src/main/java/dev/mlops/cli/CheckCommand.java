package dev.mlops.cli;

import dev.mlops.monitoring.Table;
import dev.mlops.monitoring.checks.CheckReport;
import dev.mlops.monitoring.checks.Schema;
import dev.mlops.registry.dataset.DatasetFile;
import dev.mlops.registry.dataset.DatasetFiles;
import dev.mlops.registry.Registry;
import dev.mlops.registry.spi.Stores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code mlops check}: runs data checks from a schema, or infers a schema. Not thread-safe; one per invocation. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check a CSV file (or a registry data set version) against a schema (our versioned JSON"
                + " format, format \"mlops-schema\") and report each check and the percentage passed; or, with"
                + " --infer, print a schema inferred from the data. Exit code 1 when a check failed, 0 when all"
                + " passed, 2 on bad input."},
        footer = {"", "Examples:", "  bin/mlops check --infer --data train.csv > schema.json",
                "  bin/mlops check --schema schema.json --data today.csv --json",
                "  bin/mlops check --schema schema.json --dataset train:4 --store file:./mlops-data"})
final class CheckCommand implements Callable<Integer> {
    @Option(names = "--schema", paramLabel = "SCHEMA.json", description = "The schema to check against.")
    Path schema;

    @Option(names = "--data", paramLabel = "DATA.csv", description = "The CSV file to check.")
    Path data;

    @Option(names = "--dataset", paramLabel = "NAME:VERSION",
            description = "A registry data set version to check instead of --data (its single CSV file, or --file).")
    String dataset;

    @Option(names = "--file", paramLabel = "PATH", description = "With --dataset: the CSV file inside the data set.")
    String file;

    @Option(names = "--store", paramLabel = "URI",
            description = "With --dataset: the registry store (default $MLOPS_STORE, else file:./mlops-data).")
    String store;

    @Option(names = "--infer", description = "Print a schema inferred from the data instead of checking.")
    boolean infer;

    @Option(names = "--json", description = "Machine-readable output on stdout.")
    boolean json;

    @Option(names = "--failures-only", description = "List only the checks that failed (the summary line still counts"
            + " every check).")
    boolean failuresOnly;

    @picocli.CommandLine.ParentCommand
    MlopsCli top;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (infer == (schema != null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "give exactly one of --schema SCHEMA.json or --infer");
        }
        if ((data == null) == (dataset == null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "give exactly one of --data DATA.csv or --dataset NAME:VERSION");
        }
        if (dataset == null && (file != null || store != null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--file and --store go with --dataset");
        }
        if (schema != null) {
            InputFiles.requireTextFile("--schema", schema, "a schema JSON file (mlops check --infer writes one)");
        }
        if (data != null) {
            InputFiles.requireTextFile("--data", data, "a CSV file with a header row");
        }
        Schema parsed = infer ? null : Schema.read(schema);
        CheckReport report;
        if (data != null) {
            if (infer) {
                out.println(Schema.infer(Table.readCsv(data)).toJson());
                out.flush();
                return 0;
            }
            report = parsed.toSuite().run(data);
        } else {
            int colon = dataset.lastIndexOf(':');
            int version = parseVersion(colon > 0 ? dataset.substring(colon + 1) : "");
            if (version < 1) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--dataset expects NAME:VERSION (e.g. train:4), found '" + dataset + "'");
            }
            String name = dataset.substring(0, colon);
            String uri = RegistryCommand.storeUri(store, top);
            Registry opened;
            try {
                opened = Registry.openExisting(uri);
            } catch (dev.mlops.registry.spi.NotFoundException e) {
                throw new IllegalArgumentException("no registry store at " + uri + " (" + RegistryCommand.whyMissing(uri) + "); check"
                        + " --store or $MLOPS_STORE (add the data set with 'mlops registry --store " + uri
                        + " dataset add NAME PATH')");
            }
            try (Registry registry = opened) {
                DatasetFiles files = DatasetFiles.of(name, version, registry.datasets().files(name, version));
                String path = file != null ? file : singleCsv(files);
                if (infer) {
                    DatasetFile f = files.file(path);
                    out.println(Schema.infer(Table.readCsv(registry.openBlob(f.digest()), dataset + ":" + path))
                            .toJson());
                    out.flush();
                    return 0;
                }
                report = parsed.toSuite().run(registry, name, version, path);
            }
        }
        out.print(json ? json(report) + System.lineSeparator() : text(report));
        out.flush();
        return report.passed() ? 0 : MlopsCli.EXIT_FINDINGS;
    }

    private String json(CheckReport report) {
        if (!failuresOnly) {
            return report.toJson();
        }
        try {
            var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
            var tree = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(report.toJson());
            var failed = mapper.createArrayNode();
            tree.withArray("checks").forEach(c -> {
                if (!c.path("passed").asBoolean()) {
                    failed.add(c);
                }
            });
            tree.set("checks", failed);
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the check report is not valid JSON: " + e.getMessage(), e);
        }
    }

    private String text(CheckReport report) {
        String text = report.toText();
        if (!failuresOnly) {
            return text;
        }
        StringBuilder sb = new StringBuilder();
        text.lines().filter(l -> !l.startsWith("  PASS  ")).forEach(l -> sb.append(l).append(System.lineSeparator()));
        return sb.toString();
    }

    private static int parseVersion(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String singleCsv(DatasetFiles files) {
        return files.single(List.of(".csv"), found -> new IllegalArgumentException("data set " + files.dataset()
                + " v" + files.number() + " holds " + found.size() + " CSV files "
                + found.stream().map(DatasetFile::path).toList() + "; name one with --file PATH")).path();
    }
}
