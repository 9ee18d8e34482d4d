package dev.skep.cli.swarm;

import dev.skep.cli.SkepCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code skep swarm leave [--force]}: {@code POST /swarm/leave?force=}. */
@Command(name = "leave", mixinStandardHelpOptions = true, description = "Leave the swarm")
public class SwarmLeave extends SkepCommand {
    @Option(
            names = {"-f", "--force"},
            description = "Force this node to leave the swarm, ignoring warnings")
    boolean force;

    @Override
    protected void execute() {
        api().leaveSwarm(force);
        out().println("Node left the swarm.");
    }
}
