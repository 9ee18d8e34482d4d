package dev.skep.cluster.dispatch;

import dev.skep.api.dispatcher.Dispatcher;
import dev.skep.api.dispatcher.Session;
import dev.skep.api.model.Node;
import dev.skep.cluster.Caller;
import dev.skep.cluster.Errors;
import dev.skep.cluster.ManagerPeer;
import dev.skep.cluster.NotLeader;
import dev.skep.cluster.dispatch.DispatcherProtocol.Empty;
import dev.skep.cluster.dispatch.DispatcherProtocol.HeartbeatRequest;
import dev.skep.cluster.dispatch.DispatcherProtocol.HeartbeatResponse;
import dev.skep.cluster.dispatch.DispatcherProtocol.SessionInfo;
import dev.skep.cluster.dispatch.DispatcherProtocol.SessionMessage;
import dev.skep.cluster.dispatch.DispatcherProtocol.SessionRequest;
import dev.skep.cluster.dispatch.DispatcherProtocol.UpdateTaskStatusRequest;
import dev.skep.manager.dispatcher.DispatcherService;
import dev.skep.trust.NodeIdentity;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * {@code skep.Dispatcher} on a manager: adapts the leader's {@link Dispatcher} to remote agents. A session,
 * its heartbeats and status reports must come from the node named in the caller's certificate, over this
 * server; any other manager answers "not the leader" with the leader's address.
 */
public final class DispatcherEndpoint {
    private final Supplier<Dispatcher> dispatcher;
    private final Supplier<String> leaderAddr;
    private final Supplier<List<ManagerPeer>> managers;
    private final Map<String, Owned> sessions = new ConcurrentHashMap<>();

    /** A session opened through this server, with the node it belongs to and the dispatcher that holds it. */
    private record Owned(String nodeId, Session session, Dispatcher dispatcher, SessionStream stream) {}

    public DispatcherEndpoint(
            Supplier<Dispatcher> dispatcher, Supplier<String> leaderAddr, Supplier<List<ManagerPeer>> managers) {
        this.dispatcher = dispatcher;
        this.leaderAddr = leaderAddr;
        this.managers = managers;
    }

    public ServerServiceDefinition definition() {
        return ServerServiceDefinition.builder(DispatcherProtocol.SERVICE)
                .addMethod(DispatcherProtocol.SESSION, ServerCalls.asyncServerStreamingCall(this::session))
                .addMethod(
                        DispatcherProtocol.HEARTBEAT,
                        ServerCalls.asyncUnaryCall((HeartbeatRequest req, StreamObserver<HeartbeatResponse> out) ->
                                Errors.answer(out, () -> heartbeat(req))))
                .addMethod(
                        DispatcherProtocol.UPDATE_TASK_STATUS,
                        ServerCalls.asyncUnaryCall((UpdateTaskStatusRequest req, StreamObserver<Empty> out) ->
                                Errors.answer(out, () -> updateTaskStatus(req))))
                .build();
    }

    /** Sessions currently open through this server, for tests and diagnostics. */
    public int openSessions() {
        return sessions.size();
    }

    private void session(SessionRequest req, StreamObserver<SessionMessage> observer) {
        ServerCallStreamObserver<SessionMessage> out = (ServerCallStreamObserver<SessionMessage>) observer;
        NodeIdentity peer = Caller.identity();
        SessionStream stream = new SessionStream(out);
        Dispatcher d = dispatcher.get();
        if (d == null) {
            out.onError(NotLeader.error(leaderAddr.get()));
            return;
        }
        Session session;
        try {
            session = open(d, peer.nodeId(), req.description(), Caller.remoteHost(), stream);
        } catch (RuntimeException e) {
            out.onError(Errors.status(e));
            return;
        }
        sessions.put(session.id(), new Owned(peer.nodeId(), session, d, stream));
        out.setOnCancelHandler(() -> forget(session));
        if (out.isCancelled()) {
            forget(session);
            return;
        }
        stream.start(new SessionInfo(session.id(), session.heartbeatPeriod().toNanos(), managers.get()));
    }

    private static Session open(
            Dispatcher d, String nodeId, Node.Description description, String host, SessionStream stream) {
        Node.Description given = description != null ? description : new Node.Description(null, null, null, null, null);
        if (d instanceof DispatcherService service) return service.session(nodeId, given, host, stream::assignments);
        return d.session(nodeId, given, stream::assignments);
    }

    private void forget(Session session) {
        Owned o = sessions.remove(session.id());
        if (o != null) o.stream().cancelled();
        try {
            session.close();
        } catch (RuntimeException e) {
            // the dispatcher stopped meanwhile
        }
    }

    private HeartbeatResponse heartbeat(HeartbeatRequest req) {
        Owned o = owned(req.sessionId());
        try {
            o.dispatcher().heartbeat(o.session().id());
        } catch (RuntimeException e) {
            endSession(o);
            throw e;
        }
        return new HeartbeatResponse(o.session().heartbeatPeriod().toNanos());
    }

    private static final long STATUS_COMMIT_TIMEOUT_SECONDS = 10;

    private Empty updateTaskStatus(UpdateTaskStatusRequest req) {
        Owned o = owned(req.sessionId());
        // Answer only once committed: the agent retries what is not acknowledged, so no report is lost.
        try {
            o.dispatcher()
                    .updateTaskStatusCommitted(o.session().id(), req.updates() == null ? List.of() : req.updates())
                    .get(STATUS_COMMIT_TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw io.grpc.Status.CANCELLED.withDescription("interrupted").asRuntimeException();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw io.grpc.Status.UNAVAILABLE
                    .withDescription("task status not committed: " + e)
                    .asRuntimeException();
        }
        return new Empty();
    }

    /** The caller's session on this server with the current leader's dispatcher, or an error to reconnect. */
    private Owned owned(String sessionId) {
        NodeIdentity peer = Caller.identity();
        Owned o = sessionId == null ? null : sessions.get(sessionId);
        if (o == null || !o.nodeId().equals(peer.nodeId())) {
            throw Status.NOT_FOUND.withDescription(Errors.SESSION_INVALID).asRuntimeException();
        }
        Dispatcher d = dispatcher.get();
        if (d != o.dispatcher()) {
            // Leadership moved (or the dispatcher restarted): the session is gone with the old dispatcher.
            endSession(o);
            if (d == null) throw NotLeader.error(leaderAddr.get());
            throw Status.NOT_FOUND.withDescription(Errors.SESSION_INVALID).asRuntimeException();
        }
        return o;
    }

    private void endSession(Owned o) {
        sessions.remove(o.session().id());
        o.stream().end(Status.NOT_FOUND.withDescription(Errors.SESSION_INVALID));
        try {
            o.session().close();
        } catch (RuntimeException e) {
            // already gone
        }
    }
}
