package dev.mlops.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Properties;

/**
 * The {@code mlops} command: {@code bin/mlops --help}. Exit codes: 0 success (for {@code drift}/{@code check}: nothing
 * drifted, every check passed); 1 the command ran and found drift or failed checks; 2 bad input or usage, with a
 * one-line error on stderr (a stack trace only with {@code --debug}).
 *
 * <p>Subcommands are listed in {@link #SUBCOMMANDS}. Not thread-safe; one instance per invocation.
 */
@Command(name = "mlops",
        mixinStandardHelpOptions = true,
        versionProvider = MlopsCli.Version.class,
        description = "Registry, serving and monitoring for machine-learning models, from the command line.",
        footer = {"", "Example:", "  bin/mlops predict --model model.onnx --input input.json --json",
                "", "Store: --store URI, else $MLOPS_STORE, else file:./mlops-data.",
                "Exit codes: 0 success, 1 drift found or checks failed, 2 bad input or usage."})
public final class MlopsCli implements Runnable {
    /** Exit code: the command ran and found drift or failed checks. */
    public static final int EXIT_FINDINGS = 1;
    /** Exit code: bad input or usage. */
    public static final int EXIT_USAGE = 2;

    /** The subcommands, in the order {@code --help} lists them: each capability adds its own here. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(
            PredictCommand.class, ScoreCommand.class, DriftCommand.class, CheckCommand.class, RegistryCommand.class);

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces of errors.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line with {@code args} and returns the exit code (for tests). */
    public static int run(String... args) {
        return newCommandLine(args).execute(args);
    }

    /** The configured command line, with every subcommand and the exit-code and error handling of CLI.md. */
    public static CommandLine newCommandLine() {
        return newCommandLine(null);
    }

    /**
     * The command line for {@code args}: for a fast start only the subcommand that {@code args} name is built in full
     * (picocli reads its annotations and creates it); the others are stand-ins that carry their name and description
     * for {@code mlops --help}, so neither their classes' static state (JSON mappers) nor their option models are
     * built. {@code null} builds every subcommand in full.
     */
    static CommandLine newCommandLine(String[] args) {
        CommandLine cl = new CommandLine(new MlopsCli());
        String wanted = args == null ? null : subcommandName(args);
        for (Class<?> c : SUBCOMMANDS) {
            Command a = c.getAnnotation(Command.class);
            if (args == null || a.name().equals(wanted)) {
                cl.addSubcommand(a.name(), new CommandLine(c, CommandLine.defaultFactory()));
            } else {
                CommandLine.Model.CommandSpec standIn = CommandLine.Model.CommandSpec.create().name(a.name());
                standIn.usageMessage().description(a.description());
                cl.addSubcommand(a.name(), standIn);
            }
        }
        cl.setExitCodeExceptionMapper(t -> EXIT_USAGE);
        cl.setExecutionExceptionHandler(MlopsCli::handleExecutionException);
        cl.setParameterExceptionHandler(MlopsCli::handleParameterException);
        cl.getCommandSpec().usageMessage().exitCodeListHeading("");
        return cl;
    }

    private static int handleParameterException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("mlops: " + oneLine(ex.getMessage()) + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
        if (isDebug(args)) {
            ex.printStackTrace(err);
        }
        err.flush();
        return EXIT_USAGE;
    }

    private static int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        err.println("mlops: " + oneLine(msg));
        if (isDebug(parsed.originalArgs().toArray(new String[0]))) {
            ex.printStackTrace(err);
        }
        err.flush();
        return EXIT_USAGE;
    }

    /** The first argument that is not an option: the top-level options ({@code --debug}, help) take no value. */
    private static String subcommandName(String[] args) {
        for (String a : args) {
            if (!a.startsWith("-")) {
                return a;
            }
        }
        return null;
    }

    private static boolean isDebug(String[] args) {
        for (String a : args) {
            if ("--debug".equals(a)) {
                return true;
            }
        }
        return false;
    }

    static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ').strip();
    }

    /** Reads the version from the jar's resources. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = MlopsCli.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[]{"mlops " + p.getProperty("version", "unknown"),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
