package dev.mlops.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/** Only the subcommand a command line names is built in full; {@code --help} reads the same either way. */
class LazySubcommandsTest {
    @Test
    void topLevelHelpIsTheSameWithStandIns() {
        String full = MlopsCli.newCommandLine().getUsageMessage(CommandLine.Help.Ansi.OFF);
        String lazy = MlopsCli.newCommandLine(new String[]{"--help"}).getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertThat(lazy).isEqualTo(full)
                .contains("predict", "score", "drift", "check", "registry")
                .contains("Run an ONNX model on inputs from a JSON file.");
    }

    @Test
    void onlyTheNamedSubcommandIsBuiltInFull() {
        CommandLine cl = MlopsCli.newCommandLine(new String[]{"--debug", "predict", "--model", "m.onnx"});
        assertThat(cl.getSubcommands()).containsOnlyKeys("predict", "score", "drift", "check", "registry", "ui");
        assertThat(cl.getSubcommands().get("predict").getCommandSpec().findOption("--model").longestName()).isEqualTo("--model");
        Object predict = cl.getSubcommands().get("predict").getCommand();
        assertThat(predict).isInstanceOf(PredictCommand.class);
        // a stand-in has only the inherited --debug, none of drift's own options
        assertThat(cl.getSubcommands().get("drift").getCommandSpec().options())
                .extracting(CommandLine.Model.OptionSpec::longestName).containsExactly("--debug");
        assertThat(cl.getSubcommands().get("registry").getSubcommands()).isEmpty();
    }

    @Test
    void withoutArgumentsEverySubcommandIsBuiltInFull() {
        CommandLine cl = MlopsCli.newCommandLine();
        assertThat(cl.getSubcommands().get("drift").getCommandSpec().findOption("--reference").longestName()).isEqualTo("--reference");
        assertThat(cl.getSubcommands().get("registry").getSubcommands()).containsKeys("register", "models", "alias");
    }

    @Test
    void theStoreBeforeTheSubcommandIsAValueNotTheSubcommand() {
        assertThat(MlopsCli.subcommandName(new String[]{"--store", "file:/tmp/x", "registry", "models"})).isEqualTo("registry");
        assertThat(MlopsCli.subcommandName(new String[]{"--store=file:/tmp/x", "--debug", "check"})).isEqualTo("check");
        assertThat(MlopsCli.subcommandName(new String[]{"--debug"})).isNull();
        CommandLine cl = MlopsCli.newCommandLine(new String[]{"--store", "file:/tmp/x", "registry", "models"});
        assertThat(cl.getSubcommands().get("registry").getSubcommands()).containsKeys("models");
    }
}
