package dev.skep.cli.secret;

import dev.skep.cli.GroupCommand;
import picocli.CommandLine.Command;

/** {@code skep config}: manage Swarm configs, as {@code docker config}. */
@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        description = "Manage configs",
        subcommands = {ConfigCreate.class, ConfigInspect.class, ConfigLs.class, ConfigRm.class})
public class ConfigCommand extends GroupCommand {}
