package dev.skep.daemon;

import dev.skep.api.dispatcher.AssignmentListener;
import dev.skep.api.dispatcher.Dispatcher;
import dev.skep.api.dispatcher.Session;
import dev.skep.api.dispatcher.StatusUpdate;
import dev.skep.api.model.Node;
import dev.skep.manager.dispatcher.DispatcherService;
import java.util.List;

/**
 * The in-process path from this node's agent to the manager's dispatcher. It reports the node under its
 * configured name ({@code --node-name}) and address, which the executor cannot know.
 */
final class NamedDispatcher implements Dispatcher {
    private final DispatcherService dispatcher;
    private final String nodeName;
    private final String addr;

    NamedDispatcher(DispatcherService dispatcher, String nodeName, String addr) {
        this.dispatcher = dispatcher;
        this.nodeName = nodeName;
        this.addr = addr;
    }

    @Override
    public Session session(String nodeId, Node.Description d, AssignmentListener listener) {
        Node.Description named = new Node.Description(nodeName, d.platform(), d.resources(), d.engine(), d.tlsInfo());
        return dispatcher.session(nodeId, named, addr, listener);
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
