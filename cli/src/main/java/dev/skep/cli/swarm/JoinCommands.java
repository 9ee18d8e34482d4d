package dev.skep.cli.swarm;

import dev.skep.api.model.Cluster;
import dev.skep.api.model.Node;
import dev.skep.cli.client.SwarmApi;
import java.io.PrintStream;

/** Prints the "To add a worker/manager to this swarm, run …" instructions, with skep's command names. */
final class JoinCommands {
    private JoinCommands() {}

    static void print(SwarmApi api, PrintStream out, String nodeId, boolean worker, boolean manager) {
        Node node = api.node(nodeId);
        Cluster swarm = api.inspectSwarm();
        if (node.managerStatus() == null) return;
        String addr = node.managerStatus().addr();
        Cluster.JoinTokens tokens = swarm.joinTokens();
        if (worker) {
            out.print("To add a worker to this swarm, run the following command:\n\n    skep swarm join --token "
                    + (tokens == null ? "" : tokens.worker()) + " " + addr + "\n\n");
        }
        if (manager) {
            out.print("To add a manager to this swarm, run the following command:\n\n    skep swarm join --token "
                    + (tokens == null ? "" : tokens.manager()) + " " + addr + "\n\n");
        }
        out.flush();
    }
}
