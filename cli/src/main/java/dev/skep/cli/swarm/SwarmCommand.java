package dev.skep.cli.swarm;

import dev.skep.cli.GroupCommand;
import picocli.CommandLine.Command;

/** {@code skep swarm}: manage the swarm. */
@Command(
        name = "swarm",
        mixinStandardHelpOptions = true,
        description = "Manage Swarm",
        subcommands = {
            SwarmInit.class,
            SwarmJoin.class,
            SwarmJoinToken.class,
            SwarmLeave.class,
            SwarmInspect.class,
            SwarmUpdate.class
        })
public class SwarmCommand extends GroupCommand {}
