package dev.skep.cli.service;

import dev.skep.cli.CliException;
import dev.skep.cli.client.SwarmApi;

/** "self" means the node the daemon runs on ({@code GET /info} Swarm.NodeID); anything else is passed through. */
public final class NodeRefs {
    private NodeRefs() {}

    public static String resolve(SwarmApi api, String ref) {
        if (!"self".equals(ref)) return ref;
        String id = api.info().path("Swarm").path("NodeID").asText("");
        if (id.isEmpty()) {
            api.nodes(null);
            throw new CliException("node ID not found in /info");
        }
        return id;
    }
}
