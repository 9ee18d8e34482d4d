package dev.skep.daemon;

import dev.skep.api.dispatcher.AssignmentListener;
import dev.skep.api.dispatcher.Dispatcher;
import dev.skep.api.dispatcher.Session;
import dev.skep.api.dispatcher.StatusUpdate;
import dev.skep.api.model.Node;
import dev.skep.api.model.Resources;
import dev.skep.api.model.TlsInfo;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The agent's path to the managers' dispatcher. It reports the node under its configured name
 * ({@code --node-name}), with Skep's own engine labels ({@link NodeLabels}), with its TLS identity
 * (Description.TLSInfo), which the executor (asking dockerd) cannot know, and with the generic resources it was given.
 */
final class NamedDispatcher implements Dispatcher {
    private final Dispatcher dispatcher;
    private final String nodeName;
    private final Map<String, String> labels;
    private final List<Resources.GenericResource> generic;
    private final Supplier<TlsInfo> tlsInfo;

    /**
     * {@code generic}: the generic resources the operator declared; {@code tlsInfo}: the node's TLS identity (trust
     * root, certificate issuer), which the executor cannot know.
     */
    NamedDispatcher(
            Dispatcher dispatcher,
            String nodeName,
            Map<String, String> labels,
            List<Resources.GenericResource> generic,
            Supplier<TlsInfo> tlsInfo) {
        this.dispatcher = dispatcher;
        this.nodeName = nodeName;
        this.labels = Map.copyOf(labels);
        this.generic = List.copyOf(generic);
        this.tlsInfo = tlsInfo;
    }

    @Override
    public Session session(String nodeId, Node.Description d, AssignmentListener listener) {
        TlsInfo tls = tlsInfo.get();
        Node.Description named = new Node.Description(
                nodeName,
                d.platform(),
                withGeneric(d.resources()),
                labelled(d.engine()),
                tls != null ? tls : d.tlsInfo());
        return dispatcher.session(nodeId, named, listener);
    }

    /** The engine's CPUs and memory with the generic resources the operator declared ({@code --node-generic-resource}). */
    private Resources withGeneric(Resources r) {
        if (generic.isEmpty()) return r;
        return r == null
                ? new Resources(null, null, null, generic)
                : new Resources(r.nanoCPUs(), r.memoryBytes(), r.pids(), generic);
    }

    private Node.Engine labelled(Node.Engine engine) {
        if (labels.isEmpty()) return engine;
        Map<String, String> merged = new TreeMap<>();
        if (engine != null && engine.labels() != null) merged.putAll(engine.labels());
        merged.putAll(labels);
        return engine == null
                ? new Node.Engine(null, merged, List.of())
                : new Node.Engine(engine.engineVersion(), merged, engine.plugins());
    }

    @Override
    public void heartbeat(String sessionId) {
        dispatcher.heartbeat(sessionId);
    }

    @Override
    public void updateTaskStatus(String sessionId, List<StatusUpdate> updates) {
        dispatcher.updateTaskStatus(sessionId, updates);
    }
}
