package dev.mlops.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.registry.AliasHistory;
import dev.mlops.registry.AliasMove;
import dev.mlops.registry.ArtifactFile;
import dev.mlops.registry.dataset.DatasetFile;
import dev.mlops.registry.dataset.DatasetLineage;
import dev.mlops.registry.dataset.DatasetRef;
import dev.mlops.registry.dataset.DatasetVersion;
import dev.mlops.registry.maintenance.GcReport;
import dev.mlops.registry.ModelInfo;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Registry;
import dev.mlops.registry.onnx.ValueInfo;
import dev.mlops.registry.maintenance.VerifyReport;
import dev.mlops.registry.VersionRegistration;
import dev.mlops.registry.spi.Stores;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

/**
 * {@code mlops registry …}: the everyday registry work from the command line (CLI.md item 4). Each subcommand opens
 * the store named by {@code --store} (else {@code $MLOPS_STORE}, else {@code file:./mlops-data}), does one thing and
 * prints a human-readable result, or JSON with {@code --json}. Not thread-safe; one instance per invocation.
 */
@Command(name = "registry",
        description = "Versioned models, aliases, data sets, gc, export and import.",
        subcommands = {RegistryCommand.Register.class, RegistryCommand.Models.class, RegistryCommand.Versions.class,
                RegistryCommand.Show.class, RegistryCommand.Alias.class, RegistryCommand.Resolve.class,
                RegistryCommand.Rollback.class, RegistryCommand.Dataset.class, RegistryCommand.Gc.class,
                RegistryCommand.Verify.class, RegistryCommand.Export.class, RegistryCommand.Import.class},
        mixinStandardHelpOptions = true,
        footer = {"", "Example:", "  bin/mlops registry --store file:./mlops-data register fraud --file model.onnx --metric auc=0.91 --json"})
public final class RegistryCommand implements Runnable {
    /** Every key this command writes is snake_case, as in the drift and check reports (user maps keep their keys). */
    static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules()
            .propertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    @Option(names = "--store", scope = CommandLine.ScopeType.INHERIT, paramLabel = "URI",
            description = "Store URI (default: $MLOPS_STORE, else file:./mlops-data); with --blobs, where the records"
                    + " are kept.")
    String store;

    @Option(names = "--blobs", scope = CommandLine.ScopeType.INHERIT, paramLabel = "URI",
            description = "Keep blobs (model and data files) in another store than the records, e.g."
                    + " --store jdbc:postgresql://db/mlops --blobs s3://bucket/prefix (s3: needs mlops-store-s3 on the"
                    + " class path).")
    String blobs;

    @Option(names = "--create", scope = CommandLine.ScopeType.INHERIT,
            description = "Create a file: store that does not exist yet, even for a command that only reads.")
    boolean create;

    @CommandLine.ParentCommand
    MlopsCli top;

    /** The records-and-blobs store opened for {@code --blobs}; the registry does not own it, so the command closes it. */
    private dev.mlops.registry.spi.Store separateStores;

    void closeStores() {
        if (separateStores != null) {
            separateStores.close();
            separateStores = null;
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Opens the store: a command that writes creates a {@code file:} store that does not exist yet; one that only
     * reads or maintains refuses it (a mistyped path must not pass as an empty store) unless {@code --create} is given.
     */
    Registry open(boolean writes) {
        String uri = storeUri(store, top);
        if (blobs != null && !blobs.isBlank()) {
            separateStores = Stores.open(uri, blobs.strip());
            return Registry.open(separateStores);
        }
        if (writes || create) {
            return Registry.open(uri);
        }
        try {
            return Registry.openExisting(uri);
        } catch (dev.mlops.registry.spi.NotFoundException e) {
            throw new IllegalArgumentException("no registry store at " + uri + " (" + RegistryCommand.whyMissing(uri) + "); check --store"
                    + " or $MLOPS_STORE, or start it with 'mlops registry --store " + uri
                    + " register NAME --file MODEL.onnx' (or pass --create for an empty store)");
        }
    }

    /** Why {@code Registry.openExisting(uri)} refused a {@code file:} URI, in a few words. */
    static String whyMissing(String uri) {
        Path dir = dev.mlops.registry.spi.StoreUri.parse(uri).toPath().toAbsolutePath().normalize();
        return Files.isDirectory(dir) ? "the directory " + dir + " holds no store" : dir + " does not exist";
    }

    /** {@code --store} after the subcommand, else before it, else {@code $MLOPS_STORE}, else the default. */
    static String storeUri(String own, MlopsCli top) {
        if (own != null && !own.isBlank()) {
            return own.strip();
        }
        if (top != null && top.store() != null) {
            return top.store();
        }
        return Stores.defaultUri();
    }

    /** Shared by every subcommand: the parent, {@code --json}, and printing. */
    abstract static class Sub implements Callable<Integer> {
        @CommandLine.ParentCommand
        Object parent;

        @Option(names = "--json", description = "Print machine-readable JSON on stdout.")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        RegistryCommand root() {
            Object p = parent;
            while (!(p instanceof RegistryCommand)) {
                p = ((Sub) p).parent;
            }
            return (RegistryCommand) p;
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        void printJson(Object node) throws Exception {
            out().println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
            out().flush();
        }

        @Override
        public Integer call() throws Exception {
            try (Registry reg = root().open(writes())) {
                return run(reg);
            } finally {
                root().closeStores();
            }
        }

        /** Whether the command writes (and so may create a new store); read-only and maintenance commands do not. */
        boolean writes() {
            return false;
        }

        abstract int run(Registry reg) throws Exception;
    }

    static ObjectNode versionJson(ModelVersion v, Map<String, Integer> aliases) {
        ObjectNode o = JSON.createObjectNode();
        o.put("model", v.model());
        o.put("version", v.number());
        o.put("format", v.format());
        ObjectNode a = o.putObject("artifact");
        a.put("kind", v.artifact().kind().name().toLowerCase(java.util.Locale.ROOT));
        a.put("digest", v.artifact().digest().toString());
        a.put("size", v.artifact().size());
        a.put("files", v.artifact().fileCount());
        v.artifact().fileName().ifPresent(f -> a.put("file_name", f));
        ObjectNode sig = o.putObject("signature");
        sig.set("inputs", valuesJson(v.signature().inputs()));
        sig.set("outputs", valuesJson(v.signature().outputs()));
        o.set("params", JSON.valueToTree(v.params()));
        ObjectNode metrics = o.putObject("metrics");
        v.metrics().forEach((k, x) -> {
            if (Double.isFinite(x)) {
                metrics.put(k, x);
            } else {
                metrics.put(k, x.toString());
            }
        });
        o.set("tags", JSON.valueToTree(v.tags()));
        o.put("description", v.description());
        o.put("created_at", v.createdAt().toString());
        o.put("created_by", v.createdBy());
        ObjectNode l = o.putObject("lineage");
        ArrayNode ds = l.putArray("datasets");
        for (DatasetRef d : v.lineage().datasets()) {
            ds.addObject().put("name", d.name()).put("version", d.version()).put("role", d.role());
        }
        v.lineage().codeRevision().ifPresent(c -> l.put("code_revision", c));
        v.lineage().parentVersion().ifPresent(p -> l.put("parent_version", p));
        v.lineage().runId().ifPresent(r -> l.put("run_id", r));
        o.put("archived", v.archived());
        v.origin().ifPresent(or -> o.putObject("origin").put("source_registry", or.sourceRegistry())
                .put("model", or.model()).put("version", or.version()).put("archive_digest", or.archiveDigest().toString())
                .put("imported_at", or.importedAt().toString()));
        if (aliases != null) {
            ArrayNode al = o.putArray("aliases");
            aliases.forEach((name, target) -> {
                if (target == v.number()) {
                    al.add(name);
                }
            });
        }
        return o;
    }

    private static ArrayNode valuesJson(List<ValueInfo> values) {
        ArrayNode a = JSON.createArrayNode();
        for (ValueInfo v : values) {
            ObjectNode n = a.addObject();
            n.put("name", v.name());
            n.put("type", v.type().describe());
            ArrayNode shape = n.putArray("shape");
            v.shapeStrings().forEach(shape::add);
        }
        return a;
    }

    static ObjectNode moveJson(AliasMove m) {
        ObjectNode o = JSON.createObjectNode();
        o.put("model", m.model());
        o.put("alias", m.alias());
        o.put("sequence", m.sequence());
        if (m.from().isPresent()) {
            o.put("from", m.from().getAsInt());
        } else {
            o.putNull("from");
        }
        if (m.to().isPresent()) {
            o.put("to", m.to().getAsInt());
        } else {
            o.putNull("to");
        }
        o.put("at", m.at().toString());
        o.put("actor", m.actor());
        o.put("reason", m.reason());
        o.put("kind", m.kind().name().toLowerCase(java.util.Locale.ROOT));
        m.previousHash().ifPresentOrElse(h -> o.put("previous_hash", h.toString()), () -> o.putNull("previous_hash"));
        o.put("hash", m.hash().toString());
        return o;
    }

    static ObjectNode datasetJson(DatasetVersion d) {
        ObjectNode o = JSON.createObjectNode();
        o.put("dataset", d.name());
        o.put("version", d.number());
        o.put("kind", d.artifact().kind().name().toLowerCase(java.util.Locale.ROOT));
        o.put("digest", d.artifact().digest().toString());
        o.put("size", d.artifact().size());
        o.put("files", d.artifact().fileCount());
        d.csv().ifPresent(c -> {
            ObjectNode cs = o.putObject("csv");
            cs.put("rows", c.rowCount());
            ArrayNode cols = cs.putArray("columns");
            c.columns().forEach(col -> cols.addObject().put("name", col.name()).put("type", col.type())
                    .put("missing", col.missing()));
        });
        o.put("description", d.description());
        o.put("created_at", d.createdAt().toString());
        o.put("created_by", d.createdBy());
        o.put("archived", d.archived());
        o.set("lineage", datasetLineageJson(d.lineage()));
        return o;
    }

    /** {@code {"inputs": [{name, version, role}…], "model": {name, version}, "run_id", "code_revision", "transform"}}. */
    static ObjectNode datasetLineageJson(DatasetLineage l) {
        ObjectNode o = JSON.createObjectNode();
        ArrayNode inputs = o.putArray("inputs");
        for (DatasetRef d : l.inputs()) {
            inputs.addObject().put("name", d.name()).put("version", d.version()).put("role", d.role());
        }
        l.model().ifPresent(m -> o.putObject("model").put("name", m.model()).put("version", m.version()));
        l.runId().ifPresent(r -> o.put("run_id", r));
        l.codeRevision().ifPresent(c -> o.put("code_revision", c));
        l.transform().ifPresent(t -> o.put("transform", t));
        return o;
    }

    /** {@code NAME:VERSION} of an option, e.g. {@code --derived-from patients:3}; a clear usage error otherwise. */
    static Map.Entry<String, Integer> nameAndVersion(String option, String text) {
        int colon = text.lastIndexOf(':');
        int version = 0;
        if (colon > 0) {
            try {
                version = Integer.parseInt(text.substring(colon + 1));
            } catch (NumberFormatException e) {
                version = 0;
            }
        }
        if (version < 1) {
            throw new IllegalArgumentException(option + " expects NAME:VERSION with a version >= 1 (e.g. patients:3), found '"
                    + text + "'");
        }
        return Map.entry(text.substring(0, colon), version);
    }

    static String keyValue(String option, String text) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new CommandLine.ParameterException(new CommandLine(new Object()),
                    option + " expects key=value, found '" + text + "'");
        }
        return text.substring(0, eq);
    }

    /** A parameter value from the command line: integer, decimal, true/false, else the text. */
    static Object paramValue(String v) {
        if (v.equals("true") || v.equals("false")) {
            return Boolean.parseBoolean(v);
        }
        if (v.matches("[-+]?\\d{1,18}")) {
            return Long.parseLong(v);
        }
        if (v.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
            return Double.parseDouble(v);
        }
        return v;
    }

    // ------------------------------------------------------------------ commands

    @Command(name = "register", mixinStandardHelpOptions = true,
            description = "Register a new version of a model from a file or directory; prints its number.",
            footer = {"", "Example:", "  bin/mlops registry register fraud --file model.onnx --param lr=0.01 --metric auc=0.91 --tag team=risk --dataset cc-train:3 --json"})
    static final class Register extends Sub {
        @Override
        boolean writes() {
            return true;
        }

        @Parameters(index = "0", paramLabel = "NAME", description = "Model name.")
        String name;
        @Option(names = "--file", required = true, paramLabel = "PATH", description = "The model file (e.g. model.onnx) or a directory.")
        Path file;
        @Option(names = "--param", paramLabel = "K=V", description = "A parameter (numbers and true/false are typed).")
        List<String> params = new ArrayList<>();
        @Option(names = "--metric", paramLabel = "K=V", description = "A metric (a number; NaN and Infinity allowed).")
        List<String> metrics = new ArrayList<>();
        @Option(names = "--tag", paramLabel = "K=V", description = "A tag.")
        List<String> tags = new ArrayList<>();
        @Option(names = "--dataset", paramLabel = "DS:VERSION", description = "A data set version it was trained on.")
        List<String> datasets = new ArrayList<>();
        @Option(names = "--description", paramLabel = "TEXT", description = "Free text.")
        String description;
        @Option(names = "--code-revision", paramLabel = "REV", description = "The code revision (e.g. a git commit).")
        String codeRevision;
        @Option(names = "--run", paramLabel = "ID", description = "The run that produced it.")
        String run;
        @Option(names = "--actor", paramLabel = "WHO", description = "Who registers it (default: the user name).")
        String actor;
        @Option(names = "--format", paramLabel = "NAME",
                description = "The model format when it is not ONNX (e.g. pickle); default: onnx, read from the file.")
        String format;

        @Override
        int run(Registry reg) throws Exception {
            if (!Files.exists(file)) {
                throw new IllegalArgumentException("No such file or directory: " + file);
            }
            VersionRegistration r = reg.register(name).file(file);
            if (format != null) {
                r.format(format);
            }
            for (String p : params) {
                String k = keyValue("--param", p);
                r.param(k, paramValue(p.substring(k.length() + 1)));
            }
            for (String m : metrics) {
                String k = keyValue("--metric", m);
                String v = m.substring(k.length() + 1);
                try {
                    r.metric(k, Double.parseDouble(v));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--metric " + k + " expects a number, found '" + v + "'");
                }
            }
            for (String t : tags) {
                String k = keyValue("--tag", t);
                r.tag(k, t.substring(k.length() + 1));
            }
            for (String d : datasets) {
                int colon = d.lastIndexOf(':');
                if (colon <= 0) {
                    throw new IllegalArgumentException("--dataset expects NAME:VERSION, found '" + d + "'");
                }
                int version;
                try {
                    version = Integer.parseInt(d.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--dataset expects NAME:VERSION with a number, found '" + d + "'");
                }
                r.dataset(d.substring(0, colon), version);
            }
            if (description != null) {
                r.description(description);
            }
            if (codeRevision != null) {
                r.codeRevision(codeRevision);
            }
            if (run != null) {
                r.run(run);
            }
            if (actor != null) {
                r.by(actor);
            }
            ModelVersion v = r.commit();
            if (json) {
                printJson(versionJson(v, null));
            } else {
                out().println("Registered " + v.id() + " (" + v.format() + ", " + v.artifact().size() + " bytes, "
                        + v.artifact().digest() + ")");
            }
            return 0;
        }
    }

    @Command(name = "models", mixinStandardHelpOptions = true, description = "List models.",
            footer = {"", "Example:", "  bin/mlops registry models --json"})
    static final class Models extends Sub {
        @Option(names = "--prefix", paramLabel = "TEXT", description = "Only names starting with TEXT.")
        String prefix = "";

        @Override
        int run(Registry reg) throws Exception {
            List<ModelInfo> models = reg.findModels(prefix, Map.of());
            if (json) {
                ArrayNode a = JSON.createArrayNode();
                for (ModelInfo m : models) {
                    ObjectNode o = a.addObject();
                    o.put("name", m.name());
                    o.put("latest_version", reg.latestNumber(m.name()));
                    o.put("description", m.description());
                    o.set("tags", JSON.valueToTree(m.tags()));
                    o.set("aliases", JSON.valueToTree(reg.aliases(m.name())));
                    o.put("created_at", m.createdAt().toString());
                }
                printJson(JSON.createObjectNode().set("models", a));
            } else {
                for (ModelInfo m : models) {
                    out().println(m.name() + "\tlatest " + reg.latestNumber(m.name()) + "\t" + reg.aliases(m.name()));
                }
            }
            return 0;
        }
    }

    @Command(name = "versions", mixinStandardHelpOptions = true, description = "List the versions of a model.",
            footer = {"", "Example:", "  bin/mlops registry versions fraud --json"})
    static final class Versions extends Sub {
        @Parameters(index = "0", paramLabel = "NAME", description = "The model name.")
        String name;

        @Override
        int run(Registry reg) throws Exception {
            reg.modelInfo(name);
            List<ModelVersion> versions = reg.versions(name);
            Map<String, Integer> aliases = reg.aliases(name);
            if (json) {
                ArrayNode a = JSON.createArrayNode();
                versions.forEach(v -> a.add(versionJson(v, aliases)));
                printJson(JSON.createObjectNode().put("model", name).set("versions", a));
            } else {
                for (ModelVersion v : versions) {
                    List<String> al = new ArrayList<>();
                    aliases.forEach((k, n) -> {
                        if (n == v.number()) {
                            al.add(k);
                        }
                    });
                    out().println(v.number() + "\t" + v.createdAt() + "\t" + v.createdBy() + "\t" + v.metrics()
                            + (al.isEmpty() ? "" : "\t" + al) + (v.archived() ? "\tarchived" : ""));
                }
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show one version: signature, params, metrics, lineage, digest, and the data set versions it produced.",
            footer = {"", "Example:", "  bin/mlops registry show fraud 3 --json"})
    static final class Show extends Sub {
        @Parameters(index = "0", paramLabel = "NAME", description = "The model name.")
        String name;
        @Parameters(index = "1", paramLabel = "VERSION", description = "The version number (1, 2, ...).")
        int version;

        @Override
        int run(Registry reg) throws Exception {
            ModelVersion v = reg.version(name, version);
            Map<String, Integer> aliases = reg.aliases(name);
            if (json) {
                ObjectNode o = versionJson(v, aliases);
                ArrayNode files = o.putArray("files");
                for (ArtifactFile f : reg.artifactFiles(name, version)) {
                    files.addObject().put("path", f.path()).put("digest", f.digest().toString()).put("size", f.size());
                }
                ArrayNode outputs = o.putArray("outputs");
                reg.datasets().outputsOf(name, version).forEach(d -> outputs.add(d.id()));
                printJson(o);
                return 0;
            }
            PrintWriter out = out();
            out.println(v.id() + (v.archived() ? " (archived)" : ""));
            out.println("  digest:      " + v.artifact().digest() + " (" + v.artifact().size() + " bytes, "
                    + v.artifact().fileCount() + " file(s))");
            out.println("  format:      " + v.format());
            out.println("  created:     " + v.createdAt() + " by " + v.createdBy());
            if (!v.description().isEmpty()) {
                out.println("  description: " + v.description());
            }
            out.println("  signature:");   // the model's inputs and outputs; "outputs:" below is the data it produced
            v.signature().inputs().forEach(i -> out.println("    in  " + i.name() + " " + i.type().describe() + " "
                    + i.shapeStrings()));
            v.signature().outputs().forEach(i -> out.println("    out " + i.name() + " " + i.type().describe() + " "
                    + i.shapeStrings()));
            out.println("  params:      " + v.params());
            out.println("  metrics:     " + v.metrics());
            out.println("  tags:        " + v.tags());
            out.println("  lineage:     data sets " + v.lineage().datasets()
                    + v.lineage().codeRevision().map(c -> ", code " + c).orElse("")
                    + (v.lineage().parentVersion().isPresent() ? ", parent " + v.lineage().parentVersion().getAsInt() : "")
                    + v.lineage().runId().map(r -> ", run " + r).orElse(""));
            List<String> al = new ArrayList<>();
            aliases.forEach((k, n) -> {
                if (n == version) {
                    al.add(k);
                }
            });
            out.println("  aliases:     " + al);
            List<String> outputs = reg.datasets().outputsOf(name, version).stream().map(DatasetVersion::id).toList();
            out.println("  outputs:     " + (outputs.isEmpty() ? "-" : String.join(", ", outputs)));
            return 0;
        }
    }

    @Command(name = "alias", mixinStandardHelpOptions = true, description = "Move aliases and read their history.",
            subcommands = {AliasSet.class, AliasHistoryCommand.class},
            footer = {"", "Example:", "  bin/mlops registry alias set fraud production 3 --reason \"better AUC\" --actor alice"})
    static final class Alias implements Runnable {
        @CommandLine.ParentCommand
        RegistryCommand parent;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }
    }

    /** Sub-subcommands of {@code alias} reach the store through the alias command's parent. */
    abstract static class AliasSub extends Sub {
        @Override
        RegistryCommand root() {
            return ((Alias) parent).parent;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Point an alias at a version (recorded with actor and reason).",
            footer = {"", "Example:", "  bin/mlops registry alias set fraud production 3 --reason \"better AUC\" --actor alice"})
    static final class AliasSet extends AliasSub {
        @Override
        boolean writes() {
            return true;
        }

        @Parameters(index = "0", paramLabel = "NAME", description = "The model name.")
        String name;
        @Parameters(index = "1", paramLabel = "ALIAS", description = "The alias, e.g. production.")
        String alias;
        @Parameters(index = "2", paramLabel = "VERSION", description = "The version number (1, 2, ...).")
        int version;
        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why (recorded in the history).")
        String reason;
        @Option(names = "--actor", paramLabel = "WHO", description = "Who (default: the user name).")
        String actor;

        @Override
        int run(Registry reg) throws Exception {
            AliasMove m = reg.setAlias(name, alias, version, actor, reason);
            if (json) {
                printJson(moveJson(m).put("version", version));
            } else {
                out().println(name + "@" + alias + " -> " + version + " (entry " + m.sequence() + ", was "
                        + (m.from().isPresent() ? m.from().getAsInt() : "unset") + ")");
            }
            return 0;
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true, description = "Every move of an alias, oldest first, with its hash chain checked.",
            footer = {"", "Example:", "  bin/mlops registry alias history fraud production --json"})
    static final class AliasHistoryCommand extends AliasSub {
        @Parameters(index = "0", paramLabel = "NAME", description = "The model name.")
        String name;
        @Parameters(index = "1", paramLabel = "ALIAS", description = "The alias, e.g. production.")
        String alias;

        @Override
        int run(Registry reg) throws Exception {
            AliasHistory h = reg.aliasHistory(name, alias);
            if (h.moves().isEmpty() && h.isIntact()) {
                reg.modelInfo(name);   // an unknown model is reported as such
                Map<String, Integer> aliases = reg.aliases(name);
                throw new IllegalArgumentException("alias '" + alias + "' of model '" + name + "' has never been set"
                        + (aliases.isEmpty() ? " (the model has no aliases)" : "; its aliases are "
                        + String.join(", ", aliases.keySet())) + ". Set it with 'mlops registry alias set " + name + " "
                        + alias + " VERSION --reason TEXT'");
            }
            if (json) {
                ObjectNode o = JSON.createObjectNode().put("model", name).put("alias", alias).put("intact", h.isIntact());
                ArrayNode a = o.putArray("moves");
                h.moves().forEach(m -> a.add(moveJson(m)));
                ArrayNode p = o.putArray("problems");
                h.problems().forEach(p::add);
                printJson(o);
            } else {
                for (AliasMove m : h.moves()) {
                    out().println(m.sequence() + "\t" + m.at() + "\t" + m.actor() + "\t"
                            + (m.from().isPresent() ? m.from().getAsInt() : "-") + " -> "
                            + (m.to().isPresent() ? m.to().getAsInt() : "-") + "\t"
                            + (m.kind() == AliasMove.Kind.ROLLBACK ? "rollback: " : "") + m.reason());
                }
                out().println(h.isIntact() ? "hash chain intact" : "HASH CHAIN BROKEN: " + h.problems());
            }
            return h.isIntact() ? 0 : MlopsCli.EXIT_FINDINGS;
        }
    }

    @Command(name = "resolve", mixinStandardHelpOptions = true, description = "The version an alias points at, now or at an instant.",
            footer = {"", "Example:", "  bin/mlops registry resolve fraud production --as-of 2026-02-01T00:00:00Z --json"})
    static final class Resolve extends Sub {
        @Parameters(index = "0", paramLabel = "NAME", description = "The model name.")
        String name;
        @Parameters(index = "1", paramLabel = "ALIAS", description = "The alias, e.g. production.")
        String alias;
        @Option(names = "--as-of", paramLabel = "INSTANT", description = "ISO-8601 instant, e.g. 2026-02-01T00:00:00Z.")
        String asOf;

        @Override
        int run(Registry reg) throws Exception {
            OptionalInt v;
            if (asOf != null) {
                Instant t;
                try {
                    t = Instant.parse(asOf);
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("--as-of expects an ISO-8601 instant like 2026-02-01T00:00:00Z, found '"
                            + asOf + "'");
                }
                v = reg.alias(name, alias).resolve(t);
            } else {
                v = reg.resolve(name, alias);
            }
            if (v.isEmpty()) {
                throw new IllegalArgumentException("Alias '" + alias + "' of model '" + name + "' "
                        + (asOf == null ? "does not point at a version" : "did not point at a version at " + asOf));
            }
            if (json) {
                ObjectNode o = JSON.createObjectNode().put("model", name).put("alias", alias).put("version", v.getAsInt());
                if (asOf != null) {
                    o.put("as_of", asOf);
                }
                o.put("digest", reg.version(name, v.getAsInt()).artifact().digest().toString());
                printJson(o);
            } else {
                out().println(v.getAsInt());
            }
            return 0;
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = "Move an alias back to where it pointed before its latest move (itself a recorded move; twice returns).",
            footer = {"", "Example:", "  bin/mlops registry rollback fraud production --reason \"v4 raises false positives\""})
    static final class Rollback extends Sub {
        @Override
        boolean writes() {
            return true;
        }

        @Parameters(index = "0", paramLabel = "NAME", description = "The model name.")
        String name;
        @Parameters(index = "1", paramLabel = "ALIAS", description = "The alias, e.g. production.")
        String alias;
        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why (recorded in the alias history).")
        String reason;
        @Option(names = "--actor", paramLabel = "WHO", description = "Who (default: the user name).")
        String actor;

        @Override
        int run(Registry reg) throws Exception {
            AliasMove m = reg.rollback(name, alias, actor, reason);
            if (json) {
                ObjectNode o = moveJson(m);
                if (m.to().isPresent()) {
                    o.put("version", m.to().getAsInt());
                } else {
                    o.putNull("version");
                }
                printJson(o);
            } else {
                out().println(name + "@" + alias + " rolled back: " + (m.from().isPresent() ? m.from().getAsInt() : "-")
                        + " -> " + (m.to().isPresent() ? m.to().getAsInt() : "unset"));
            }
            return 0;
        }
    }

    @Command(name = "dataset", mixinStandardHelpOptions = true, description = "Versioned data sets.",
            subcommands = {DatasetAdd.class, DatasetVersions.class, DatasetShow.class},
            footer = {"", "Example:", "  bin/mlops registry dataset add cc-train data/train.csv --json"})
    static final class Dataset implements Runnable {
        @CommandLine.ParentCommand
        RegistryCommand parent;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }
    }

    abstract static class DatasetSub extends Sub {
        @Override
        RegistryCommand root() {
            return ((Dataset) parent).parent;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a new version of a data set from a file or a directory (content-addressed, deduplicated), "
                    + "optionally with its lineage.",
            footer = {"", "Example:", "  bin/mlops registry dataset add cc-train data/ --json",
                    "  bin/mlops registry dataset add cc-scored scored.csv --derived-from cc-train:3 --model fraud:2 --transform \"batch scoring\""})
    static final class DatasetAdd extends DatasetSub {
        @Override
        boolean writes() {
            return true;
        }

        @Parameters(index = "0", paramLabel = "NAME", description = "The data set name.")
        String name;
        @Parameters(index = "1", paramLabel = "PATH", description = "The file or directory to add.")
        Path path;
        @Option(names = "--actor", paramLabel = "WHO", description = "Who adds it (default: the user name).")
        String actor;
        @Option(names = "--description", paramLabel = "TEXT", description = "Free text.")
        String description;
        @Option(names = "--derived-from", paramLabel = "DS:VERSION",
                description = "A data set version it was derived from (repeatable; it must exist).")
        List<String> derivedFrom = new ArrayList<>();
        @Option(names = "--model", paramLabel = "NAME:VERSION",
                description = "The model version that produced it, e.g. scored outputs (it must exist).")
        String model;
        @Option(names = "--run", paramLabel = "ID", description = "The run that produced it.")
        String run;
        @Option(names = "--code-revision", paramLabel = "REV", description = "The code revision (e.g. a git commit).")
        String codeRevision;
        @Option(names = "--transform", paramLabel = "TEXT", description = "A short description of the transformation.")
        String transform;

        @Override
        int run(Registry reg) throws Exception {
            var add = reg.datasets().add(name).path(path);
            if (actor != null) {
                add.by(actor);
            }
            if (description != null) {
                add.description(description);
            }
            for (String d : derivedFrom) {
                Map.Entry<String, Integer> ref = nameAndVersion("--derived-from", d);
                add.derivedFrom(ref.getKey(), ref.getValue());
            }
            if (model != null) {
                Map.Entry<String, Integer> ref = nameAndVersion("--model", model);
                add.producedBy(ref.getKey(), ref.getValue());
            }
            if (run != null) {
                add.run(run);
            }
            if (codeRevision != null) {
                add.codeRevision(codeRevision);
            }
            if (transform != null) {
                add.transform(transform);
            }
            DatasetVersion d = add.commit();
            if (json) {
                printJson(datasetJson(d));
            } else {
                out().println("Added " + d.id() + " (" + d.artifact().fileCount() + " file(s), " + d.artifact().size()
                        + " bytes" + d.csv().map(c -> ", " + c.rowCount() + " rows").orElse("") + ")"
                        + (d.lineage().isEmpty() ? "" : "; lineage: " + d.lineage()));
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show one data set version: digest, files, CSV schema, lineage and the versions derived from it.",
            footer = {"", "Example:", "  bin/mlops registry dataset show cc-scored 1 --json"})
    static final class DatasetShow extends DatasetSub {
        @Parameters(index = "0", paramLabel = "NAME", description = "The data set name.")
        String name;
        @Parameters(index = "1", paramLabel = "VERSION", description = "The data set version number.")
        int version;

        @Override
        int run(Registry reg) throws Exception {
            DatasetVersion d = reg.datasets().version(name, version);
            List<String> derived = reg.datasets().derivatives(name, version).stream().map(DatasetVersion::id).toList();
            List<DatasetFile> files = reg.datasets().files(name, version);
            if (json) {
                ObjectNode o = datasetJson(d);
                ArrayNode fs = o.putArray("files");
                for (DatasetFile f : files) {
                    fs.addObject().put("path", f.path()).put("digest", f.digest().toString()).put("size", f.size());
                }
                ArrayNode der = o.putArray("derived");
                derived.forEach(der::add);
                printJson(o);
                return 0;
            }
            PrintWriter out = out();
            DatasetLineage l = d.lineage();
            out.println(d.id() + (d.archived() ? " (archived)" : ""));
            out.println("  digest:      " + d.artifact().digest() + " (" + d.artifact().size() + " bytes, "
                    + d.artifact().fileCount() + " file(s))");
            out.println("  created:     " + d.createdAt() + " by " + d.createdBy());
            if (!d.description().isEmpty()) {
                out.println("  description: " + d.description());
            }
            d.csv().ifPresent(c -> out.println("  csv:         " + c.rowCount() + " rows, columns "
                    + c.columns().stream().map(col -> col.name() + " " + col.type()).toList()));
            out.println("  from:        " + (l.inputs().isEmpty() ? "-" : l.inputs()));
            out.println("  produced by: " + l.model().map(m -> "model " + m.id()).orElse("-")
                    + l.runId().map(r -> ", run " + r).orElse(""));
            l.codeRevision().ifPresent(c -> out.println("  code:        " + c));
            l.transform().ifPresent(t -> out.println("  transform:   " + t));
            out.println("  derived:     " + (derived.isEmpty() ? "-" : String.join(", ", derived)));
            return 0;
        }
    }

    @Command(name = "versions", mixinStandardHelpOptions = true, description = "List the versions of a data set.",
            footer = {"", "Example:", "  bin/mlops registry dataset versions cc-train --json"})
    static final class DatasetVersions extends DatasetSub {
        @Parameters(index = "0", paramLabel = "NAME", description = "The data set name.")
        String name;

        @Override
        int run(Registry reg) throws Exception {
            List<DatasetVersion> versions = reg.datasets().versions(name);
            if (versions.isEmpty()) {
                throw new IllegalArgumentException("No data set '" + name + "' in " + reg.description());
            }
            if (json) {
                ArrayNode a = JSON.createArrayNode();
                versions.forEach(d -> a.add(datasetJson(d)));
                printJson(JSON.createObjectNode().put("dataset", name).set("versions", a));
            } else {
                for (DatasetVersion d : versions) {
                    out().println(d.number() + "\t" + d.createdAt() + "\t" + d.artifact().fileCount() + " file(s)\t"
                            + d.artifact().size() + " bytes\t" + d.artifact().digest() + (d.archived() ? "\tarchived" : "")
                            + (d.lineage().isEmpty() ? "" : "\t" + d.lineage()));
                }
            }
            return 0;
        }
    }

    @Command(name = "gc", mixinStandardHelpOptions = true,
            description = "Delete blobs no record references (after the grace period); --dry-run only reports.",
            footer = {"", "Example:", "  bin/mlops registry gc --dry-run --json"})
    static final class Gc extends Sub {
        @Option(names = "--dry-run", description = "Report reclaimable bytes; delete nothing.")
        boolean dryRun;

        @Override
        int run(Registry reg) throws Exception {
            GcReport r = reg.maintenance().gc(dryRun);
            if (json) {
                printJson(JSON.valueToTree(r));
            } else {
                out().println((dryRun ? "Would reclaim " : "Reclaimed ") + (dryRun ? r.reclaimable() : r.deleted())
                        + " blob(s), " + (dryRun ? r.reclaimableBytes() : r.deletedBytes()) + " bytes; " + r.referenced()
                        + " referenced, " + r.inGracePeriod() + " kept in the grace period, " + r.blobsScanned() + " scanned");
            }
            return 0;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Re-hash every blob, parse every record, check references and alias chains (changes nothing). Exit 1 on problems.",
            footer = {"", "Example:", "  bin/mlops registry verify --json"})
    static final class Verify extends Sub {
        @Override
        int run(Registry reg) throws Exception {
            VerifyReport r = reg.maintenance().verify();
            if (json) {
                ObjectNode o = JSON.valueToTree(r);
                o.put("clean", r.isClean());
                printJson(o);
            } else {
                for (VerifyReport.Problem p : r.problems()) {
                    out().println(p.kind() + "\t" + p.subject() + "\t" + p.message());
                }
                out().println((r.isClean() ? "OK: " : r.problems().size() + " problem(s): ") + r.blobsChecked() + " blobs ("
                        + r.bytesChecked() + " bytes) and " + r.recordsChecked() + " records checked; "
                        + r.unreferencedBlobs() + " unreferenced blob(s), " + r.unreferencedBytes() + " bytes (gc reclaims them)");
            }
            return r.isClean() ? 0 : MlopsCli.EXIT_FINDINGS;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write a model version (artifact, metadata, lineage) as one portable archive.",
            footer = {"", "Example:", "  bin/mlops registry export fraud 3 --out fraud-3.mlops.zip"})
    static final class Export extends Sub {
        @Parameters(index = "0", paramLabel = "NAME", description = "The model name.")
        String name;
        @Parameters(index = "1", paramLabel = "VERSION", description = "The version number (1, 2, ...).")
        int version;
        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The archive file to write (refused if it exists, unless --force).")
        Path out;
        @Option(names = "--force", description = "Replace an existing archive at --out.")
        boolean force;

        @Override
        int run(Registry reg) throws Exception {
            if (Files.isDirectory(out)) {
                throw new IllegalArgumentException("--out " + out + " is a directory; name the archive file, e.g. --out "
                        + out.resolve(name + "-" + version + ".mlops.zip"));
            }
            if (Files.exists(out) && !force) {
                throw new IllegalArgumentException(out + " already exists; choose another --out or pass --force to"
                        + " replace it");
            }
            Path dirOfOut = out.toAbsolutePath().getParent();
            if (dirOfOut != null && !Files.isDirectory(dirOfOut)) {
                throw new IllegalArgumentException("the directory of --out " + out + " does not exist; create it (mkdir -p "
                        + dirOfOut + ") or choose another --out");
            }
            reg.version(name, version);
            reg.maintenance().exportVersion(name, version, out);
            if (json) {
                printJson(JSON.createObjectNode().put("model", name).put("version", version).put("out", out.toString())
                        .put("size", Files.size(out)));
            } else {
                out().println("Exported " + name + ":" + version + " to " + out + " (" + Files.size(out) + " bytes)");
            }
            return 0;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import an exported archive as the next version of its model (digests verified; twice is refused).",
            footer = {"", "Example:", "  bin/mlops registry --store file:/srv/prod-models import fraud-3.mlops.zip --json"})
    static final class Import extends Sub {
        @Override
        boolean writes() {
            return true;
        }

        @Parameters(index = "0", paramLabel = "FILE", description = "The archive written by export.")
        Path file;
        @Option(names = "--actor", paramLabel = "WHO", description = "Who imports it (default: the user name).")
        String actor;

        @Override
        int run(Registry reg) throws Exception {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("No such archive: " + file);
            }
            ModelVersion v = reg.maintenance().importVersion(file, actor);
            if (json) {
                printJson(versionJson(v, null));
            } else {
                out().println("Imported " + v.id() + v.origin().map(o -> " (from " + o.model() + ":" + o.version() + " of "
                        + o.sourceRegistry() + ")").orElse(""));
            }
            return 0;
        }
    }
}
