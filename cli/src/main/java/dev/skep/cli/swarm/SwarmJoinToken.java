package dev.skep.cli.swarm;

import dev.skep.api.model.Cluster;
import dev.skep.cli.CliException;
import dev.skep.cli.SkepCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skep swarm join-token [-q] [--rotate] worker|manager}. */
@Command(name = "join-token", mixinStandardHelpOptions = true, description = "Manage join tokens")
public class SwarmJoinToken extends SkepCommand {
    @Option(names = "--rotate", description = "Rotate join token")
    boolean rotate;

    @Option(
            names = {"-q", "--quiet"},
            description = "Only display token")
    boolean quiet;

    @Parameters(index = "0", paramLabel = "worker|manager")
    String role;

    @Override
    protected void execute() {
        boolean worker = "worker".equals(role);
        boolean manager = "manager".equals(role);
        if (!worker && !manager) throw new CliException("unknown role " + role);
        if (rotate) {
            Cluster swarm = api().inspectSwarm();
            api().updateSwarm(swarm.version().value(), swarm.spec(), worker, manager);
            if (!quiet) out().print("Successfully rotated " + role + " join token.\n\n");
        }
        Cluster swarm = api().inspectSwarm();
        if (quiet) {
            out().println(
                            worker
                                    ? swarm.joinTokens().worker()
                                    : swarm.joinTokens().manager());
            return;
        }
        String nodeId = api().info().path("Swarm").path("NodeID").asText();
        JoinCommands.print(api(), out(), nodeId, worker, manager);
    }
}
