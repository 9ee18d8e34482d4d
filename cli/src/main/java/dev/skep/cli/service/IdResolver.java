package dev.skep.cli.service;

import dev.skep.api.errors.ApiException;
import dev.skep.api.model.Node;
import dev.skep.api.model.Service;
import dev.skep.cli.client.SwarmApi;
import java.util.HashMap;
import java.util.Map;

/** Names for IDs (node hostname, service name), looked up once each; an unknown ID stays an ID, as docker does. */
public class IdResolver {
    private final SwarmApi api;
    private final boolean noResolve;
    private final Map<String, String> nodes = new HashMap<>();
    private final Map<String, String> services = new HashMap<>();

    public IdResolver(SwarmApi api, boolean noResolve) {
        this.api = api;
        this.noResolve = noResolve;
    }

    public String node(String id) {
        if (noResolve || id == null || id.isEmpty()) return id == null ? "" : id;
        return nodes.computeIfAbsent(id, this::lookupNode);
    }

    public String service(String id) {
        if (noResolve || id == null || id.isEmpty()) return id == null ? "" : id;
        return services.computeIfAbsent(id, this::lookupService);
    }

    private String lookupNode(String id) {
        try {
            Node n = api.node(id);
            if (n.spec() != null && n.spec().name() != null && !n.spec().name().isEmpty())
                return n.spec().name();
            if (n.hostname() != null && !n.hostname().isEmpty()) return n.hostname();
            return id;
        } catch (ApiException e) {
            return id;
        }
    }

    private String lookupService(String id) {
        try {
            Service s = api.service(id);
            return s.spec().name();
        } catch (ApiException e) {
            return id;
        }
    }
}
