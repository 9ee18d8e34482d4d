package dev.skep.cli.node;

import dev.skep.cli.GroupCommand;
import picocli.CommandLine.Command;

/** {@code skep node}: manage Swarm nodes. */
@Command(
        name = "node",
        mixinStandardHelpOptions = true,
        description = "Manage Swarm nodes",
        subcommands = {
            NodeDemote.class,
            NodeInspect.class,
            NodeLs.class,
            NodePromote.class,
            NodePs.class,
            NodeRm.class,
            NodeUpdate.class
        })
public class NodeCommand extends GroupCommand {}
