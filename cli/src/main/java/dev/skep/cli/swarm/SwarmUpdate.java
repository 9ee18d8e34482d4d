package dev.skep.cli.swarm;

import dev.skep.api.model.Cluster;
import dev.skep.cli.SkepCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code skep swarm update [--task-history-limit] [--dispatcher-heartbeat] [--autolock]}. */
@Command(name = "update", mixinStandardHelpOptions = true, description = "Update the swarm")
public class SwarmUpdate extends SkepCommand {
    @Mixin
    SwarmSpecFlags specFlags = new SwarmSpecFlags();

    @Override
    protected void execute() {
        Cluster swarm = api().inspectSwarm();
        api().updateSwarm(swarm.version().value(), specFlags.applyTo(swarm.spec()), false, false);
        out().println("Swarm updated.");
    }
}
