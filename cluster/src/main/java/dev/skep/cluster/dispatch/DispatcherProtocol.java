package dev.skep.cluster.dispatch;

import dev.skep.api.dispatcher.Assignments;
import dev.skep.api.dispatcher.StatusUpdate;
import dev.skep.api.model.Node;
import dev.skep.cluster.ManagerPeer;
import dev.skep.cluster.Methods;
import io.grpc.MethodDescriptor;
import java.util.List;

/**
 * {@code skep.Dispatcher}: the agent protocol of {@link dev.skep.api.dispatcher.Dispatcher} on the wire. The
 * node is always the one named by the caller's certificate, never by a request field.
 */
final class DispatcherProtocol {
    static final String SERVICE = "skep.Dispatcher";

    record SessionRequest(Node.Description description) {}

    /** The first message of a session stream. */
    record SessionInfo(String sessionId, long heartbeatPeriod, List<ManagerPeer> managers) {}

    /** One message of the session stream: the session info first, then assignments. */
    record SessionMessage(SessionInfo session, Assignments assignments) {}

    record HeartbeatRequest(String sessionId) {}

    record HeartbeatResponse(long period) {}

    record UpdateTaskStatusRequest(String sessionId, List<StatusUpdate> updates) {}

    record Empty() {}

    static final MethodDescriptor<SessionRequest, SessionMessage> SESSION =
            Methods.serverStreaming(SERVICE, "Session", SessionRequest.class, SessionMessage.class);
    static final MethodDescriptor<HeartbeatRequest, HeartbeatResponse> HEARTBEAT =
            Methods.unary(SERVICE, "Heartbeat", HeartbeatRequest.class, HeartbeatResponse.class);
    static final MethodDescriptor<UpdateTaskStatusRequest, Empty> UPDATE_TASK_STATUS =
            Methods.unary(SERVICE, "UpdateTaskStatus", UpdateTaskStatusRequest.class, Empty.class);

    private DispatcherProtocol() {}
}
