package dev.skep.cli.network;

import dev.skep.cli.GroupCommand;
import picocli.CommandLine.Command;

/** {@code skep network}: manage swarm overlay networks. */
@Command(
        name = "network",
        mixinStandardHelpOptions = true,
        description = "Manage networks",
        subcommands = {NetworkCreate.class, NetworkInspect.class, NetworkLs.class, NetworkRm.class})
public class NetworkCommand extends GroupCommand {}
