package dev.skep.daemon;

import dev.skep.api.dispatcher.AssignmentListener;
import dev.skep.api.dispatcher.Dispatcher;
import dev.skep.api.dispatcher.Session;
import dev.skep.api.dispatcher.StatusUpdate;
import dev.skep.api.model.Node;
import java.util.List;

/**
 * The agent's path to the managers' dispatcher. It reports the node under its configured name
 * ({@code --node-name}), which the executor (asking dockerd) cannot know.
 */
final class NamedDispatcher implements Dispatcher {
    private final Dispatcher dispatcher;
    private final String nodeName;

    NamedDispatcher(Dispatcher dispatcher, String nodeName) {
        this.dispatcher = dispatcher;
        this.nodeName = nodeName;
    }

    @Override
    public Session session(String nodeId, Node.Description d, AssignmentListener listener) {
        Node.Description named = new Node.Description(nodeName, d.platform(), d.resources(), d.engine(), d.tlsInfo());
        return dispatcher.session(nodeId, named, listener);
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
