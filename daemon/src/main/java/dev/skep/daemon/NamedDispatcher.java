package dev.skep.daemon;

import dev.skep.api.dispatcher.AssignmentListener;
import dev.skep.api.dispatcher.Dispatcher;
import dev.skep.api.dispatcher.Session;
import dev.skep.api.dispatcher.StatusUpdate;
import dev.skep.api.model.Node;
import dev.skep.api.model.Resources;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The agent's path to the managers' dispatcher. It reports the node under its configured name
 * ({@code --node-name}) and with Skep's own engine labels ({@link NodeLabels}), which the executor (asking dockerd)
 * cannot know, and with the generic resources it was given.
 */
final class NamedDispatcher implements Dispatcher {
    private final Dispatcher dispatcher;
    private final String nodeName;
    private final Map<String, String> labels;
    private final List<Resources.GenericResource> generic;

    NamedDispatcher(
            Dispatcher dispatcher,
            String nodeName,
            Map<String, String> labels,
            List<Resources.GenericResource> generic) {
        this.dispatcher = dispatcher;
        this.nodeName = nodeName;
        this.labels = Map.copyOf(labels);
        this.generic = List.copyOf(generic);
    }

    @Override
    public Session session(String nodeId, Node.Description d, AssignmentListener listener) {
        Node.Description named = new Node.Description(
                nodeName, d.platform(), withGeneric(d.resources()), labelled(d.engine()), d.tlsInfo());
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
