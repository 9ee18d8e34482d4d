package dev.skep.cli.job.submit;

import dev.skep.api.errors.ApiException;
import dev.skep.api.model.Node;
import dev.skep.cli.client.SwarmApi;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/** Node ID → hostname, asked once per node; a node that cannot be read shows as its ID. */
public final class NodeNames implements Function<String, String> {
    private final SwarmApi api;
    private final Map<String, String> names = new HashMap<>();

    public NodeNames(SwarmApi api) {
        this.api = api;
    }

    @Override
    public String apply(String nodeId) {
        return names.computeIfAbsent(nodeId, id -> {
            try {
                Node n = api.node(id);
                return n.hostname() == null || n.hostname().isEmpty() ? id : n.hostname();
            } catch (ApiException e) {
                return id;
            }
        });
    }
}
