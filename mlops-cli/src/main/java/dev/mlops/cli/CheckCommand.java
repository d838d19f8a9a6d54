package dev.mlops.cli;

import dev.mlops.monitoring.Table;
import dev.mlops.monitoring.checks.CheckReport;
import dev.mlops.monitoring.checks.Schema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code mlops check}: runs data checks from a schema, or infers a schema. Not thread-safe; one per invocation. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check a CSV file against a schema (our versioned JSON format, format \"mlops-schema\") and"
                + " report each check and the percentage passed; or, with --infer, print a schema inferred from the"
                + " data. Exit code 1 when a check failed, 0 when all passed, 2 on bad input."},
        footer = {"", "Examples:", "  bin/mlops check --infer --data train.csv > schema.json",
                "  bin/mlops check --schema schema.json --data today.csv --json"})
final class CheckCommand implements Callable<Integer> {
    @Option(names = "--schema", paramLabel = "SCHEMA.json", description = "The schema to check against.")
    Path schema;

    @Option(names = "--data", required = true, paramLabel = "DATA.csv", description = "The CSV file to check.")
    Path data;

    @Option(names = "--infer", description = "Print a schema inferred from --data instead of checking.")
    boolean infer;

    @Option(names = "--json", description = "Machine-readable output on stdout.")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (infer == (schema != null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "give exactly one of --schema SCHEMA.json or --infer");
        }
        Table t = Table.readCsv(data);
        if (infer) {
            out.println(Schema.infer(t).toJson());
            out.flush();
            return 0;
        }
        CheckReport r = Schema.read(schema).toSuite().run(data);
        out.print(json ? r.toJson() + System.lineSeparator() : r.toText());
        out.flush();
        return r.passed() ? 0 : MlopsCli.EXIT_FINDINGS;
    }
}
