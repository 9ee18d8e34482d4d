package dev.skep.daemon;

import dev.skep.api.dispatcher.AssignmentListener;
import dev.skep.api.dispatcher.Dispatcher;
import dev.skep.api.dispatcher.Session;
import dev.skep.api.dispatcher.StatusUpdate;
import dev.skep.api.model.Node;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The agent's path to the managers' dispatcher. It reports the node under its configured name
 * ({@code --node-name}) and with Skep's own engine labels ({@link NodeLabels}), which the executor (asking dockerd)
 * cannot know.
 */
final class NamedDispatcher implements Dispatcher {
    private final Dispatcher dispatcher;
    private final String nodeName;
    private final Map<String, String> labels;

    NamedDispatcher(Dispatcher dispatcher, String nodeName, Map<String, String> labels) {
        this.dispatcher = dispatcher;
        this.nodeName = nodeName;
        this.labels = Map.copyOf(labels);
    }

    @Override
    public Session session(String nodeId, Node.Description d, AssignmentListener listener) {
        Node.Description named =
                new Node.Description(nodeName, d.platform(), d.resources(), labelled(d.engine()), d.tlsInfo());
        return dispatcher.session(nodeId, named, listener);
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
