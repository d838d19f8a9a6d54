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
            PredictCommand.class, ScoreCommand.class, DriftCommand.class, CheckCommand.class, RegistryCommand.class,
            UiCommand.class);

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces of errors.")
    boolean debug;

    @Option(names = "--store", paramLabel = "URI",
            description = "The registry store of 'registry' and 'check --dataset' (also accepted after 'registry';"
                    + " default $MLOPS_STORE, else file:./mlops-data).")
    String store;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The store named by {@code --store} before the subcommand, else {@code null}. */
    String store() {
        return store == null || store.isBlank() ? null : store.strip();
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
        HelpLayout.apply(cl);
        return cl;
    }

    private static int handleParameterException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("mlops: " + oneLine(Suggestions.describe(ex, args)) + " (see '"
                + cmd.getCommandSpec().qualifiedName() + " --help')");
        if (isDebug(args)) {
            ex.printStackTrace(err);
        }
        err.flush();
        return EXIT_USAGE;
    }

    private static int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        err.println("mlops: " + oneLine(forCommandLineUsers(ex)));
        if (isDebug(parsed.originalArgs().toArray(new String[0]))) {
            ex.printStackTrace(err);
        }
        err.flush();
        return EXIT_USAGE;
    }

    /**
     * The message of {@code ex} as a command-line user needs it: a file-system error names its file, and advice meant
     * for callers of the Java API ({@code format("...")}, {@code verify()}) names the command or option instead.
     */
    static String forCommandLineUsers(Throwable ex) {
        String msg = null;
        for (Throwable t = ex; t != null && msg == null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.nio.file.FileSystemException fs && fs.getFile() != null) {
                msg = fileProblem(fs);
            }
        }
        if (msg == null) {
            msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        }
        return msg.replace("Pass format(\"...\") for other formats.",
                        "For a model in another format, pass --format NAME (e.g. --format pickle) with a file name"
                                + " that does not end in .onnx.")
                .replace("Run the registry's verify()", "Run 'mlops registry verify'")
                .replace("the registry's verify()", "'mlops registry verify'")
                .replace("Registry.verify()", "'mlops registry verify'");
    }

    private static String fileProblem(java.nio.file.FileSystemException fs) {
        String file = fs.getFile();
        if (fs instanceof java.nio.file.NoSuchFileException) {
            return file + " does not exist (no such file or directory); check the path";
        }
        if (fs instanceof java.nio.file.AccessDeniedException) {
            return "permission denied on " + file + "; check its permissions or choose another path";
        }
        if (fs instanceof java.nio.file.FileAlreadyExistsException) {
            return file + " already exists";
        }
        String reason = fs.getReason() == null ? fs.getClass().getSimpleName() : fs.getReason();
        if (reason.contains("Is a directory")) {
            return file + " is a directory; expected a file";
        }
        return file + ": " + reason;
    }

    /**
     * The first argument that is neither a top-level option nor the value of one: {@code --store URI} takes a value
     * ({@code --store=URI} carries it), the other top-level options ({@code --debug}, help) take none.
     */
    static String subcommandName(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if ("--store".equals(a)) {
                i++;
            } else if (!a.startsWith("-")) {
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
