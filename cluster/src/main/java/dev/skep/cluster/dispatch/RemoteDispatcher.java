package dev.skep.cluster.dispatch;

import dev.skep.api.dispatcher.AssignmentListener;
import dev.skep.api.dispatcher.Dispatcher;
import dev.skep.api.dispatcher.LogSource;
import dev.skep.api.dispatcher.Session;
import dev.skep.api.dispatcher.StatusUpdate;
import dev.skep.api.model.Node;
import dev.skep.cluster.Channels;
import dev.skep.cluster.ClusterException;
import dev.skep.cluster.Errors;
import dev.skep.cluster.ManagerList;
import dev.skep.cluster.NotLeader;
import dev.skep.cluster.Tls;
import dev.skep.cluster.dispatch.DispatcherProtocol.HeartbeatRequest;
import dev.skep.cluster.dispatch.DispatcherProtocol.SessionInfo;
import dev.skep.cluster.dispatch.DispatcherProtocol.SessionRequest;
import dev.skep.cluster.dispatch.DispatcherProtocol.UpdateTaskStatusRequest;
import dev.skep.cluster.logs.LogAgent;
import dev.skep.trust.NodeCertificate;
import dev.skep.trust.SecurityConfig;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's {@link Dispatcher} on a node that is not the leader: sessions, heartbeats and status reports
 * go over mutual TLS to the leading manager. It knows the managers from the join and from every session,
 * follows "not the leader" to the leader, and after losing a manager opens the next session elsewhere.
 * Heartbeats fail once the session's stream has ended, which makes the agent open a new session (whose
 * COMPLETE assignment set leaves running tasks alone).
 */
public final class RemoteDispatcher implements Dispatcher, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteDispatcher.class);
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    static final Duration LOG_LISTEN_RETRY = Duration.ofSeconds(2);

    private final Channels channels;
    private final List<String> managers = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> endListeners = new CopyOnWriteArrayList<>();
    private volatile String preferred;
    private volatile RemoteSession current;
    private volatile LogSource logSource;
    private LogAgent logs;

    /** {@code managers}: cluster addresses (HOST:PORT) to try, e.g. {@link JoinResult#managerAddrs()}. */
    public RemoteDispatcher(NodeCertificate identity, List<String> managers) {
        this(new Channels(Tls.client(identity)), managers);
    }

    /** With the node's renewable identity: calls after a renewal present the new certificate. */
    public RemoteDispatcher(SecurityConfig security, List<String> managers) {
        this(new Channels(security), managers);
    }

    private RemoteDispatcher(Channels channels, List<String> managers) {
        this.channels = channels;
        this.managers.addAll(managers);
        this.preferred = managers.isEmpty() ? null : managers.get(0);
    }

    /** The managers this node knows now, as the last session reported them. */
    public List<String> managers() {
        return List.copyOf(managers);
    }

    /** The manager the current session is with, or null. */
    public String connectedManager() {
        RemoteSession s = current;
        return s == null || s.ended() ? null : s.addr();
    }

    /**
     * Calls back with the session's ID when its stream ends without the agent closing it (the manager went
     * away or lost the lead), so the agent can open a new session at once instead of at its next heartbeat.
     */
    public void onSessionEnded(Consumer<String> listener) {
        endListeners.add(listener);
    }

    /**
     * Serves {@code docker service logs} for this node's tasks: with every session, the agent listens for
     * log subscriptions on the same manager and publishes its containers' lines read through {@code source}.
     */
    public void serveLogs(LogSource source) {
        this.logSource = source;
    }

    @Override
    public Session session(String nodeId, Node.Description description, AssignmentListener listener) {
        List<String> tried = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        String addr = preferred != null ? preferred : first();
        int attempts = managers.size() + 3; // a redirect or two on top of every manager once
        while (addr != null && attempts-- > 0) {
            tried.add(addr);
            try {
                RemoteSession s = open(addr, description, listener);
                current = s;
                preferred = addr;
                listenForLogs(addr);
                LOG.info("session {} with manager {}", s.id(), addr);
                return s;
            } catch (StatusRuntimeException e) {
                failures.add(addr + ": " + Errors.describe(e));
                String leader = NotLeader.leaderOf(e);
                if (leader != null && !managers.contains(leader)) managers.add(leader);
                addr = leader != null && !tried.contains(leader) ? leader : nextUntried(addr, tried);
            }
        }
        preferred = null;
        throw new ClusterException("no manager accepted a session: " + String.join("; ", failures));
    }

    private RemoteSession open(String addr, Node.Description description, AssignmentListener listener) {
        RemoteSession s = new RemoteSession(addr, listener, this::sessionInfo, this::sessionEnded);
        ClientCalls.asyncServerStreamingCall(
                channels.get(addr).newCall(DispatcherProtocol.SESSION, CallOptions.DEFAULT),
                new SessionRequest(description),
                s);
        s.awaitInfo(SESSION_TIMEOUT);
        return s;
    }

    @Override
    public void heartbeat(String sessionId) {
        RemoteSession s = live(sessionId);
        DispatcherProtocol.HeartbeatResponse reply =
                call(s, DispatcherProtocol.HEARTBEAT, new HeartbeatRequest(sessionId));
        // The manager may have changed the period (swarm update --dispatcher-heartbeat): beat at the new pace.
        if (reply != null && reply.period() > 0) s.updateHeartbeatPeriod(reply.period());
    }

    @Override
    public void updateTaskStatus(String sessionId, List<StatusUpdate> updates) {
        RemoteSession s = live(sessionId);
        call(s, DispatcherProtocol.UPDATE_TASK_STATUS, new UpdateTaskStatusRequest(sessionId, updates));
    }

    @Override
    public void close() {
        RemoteSession s = current;
        current = null;
        if (s != null) s.close();
        stopListeningForLogs();
        channels.close();
    }

    /** Log subscriptions come over the session's manager; the previous manager's stream ends. */
    private synchronized void listenForLogs(String addr) {
        LogSource source = logSource;
        if (logs != null) logs.close();
        logs = source == null ? null : LogAgent.start(addr, () -> channels.get(addr), source, this::logListenEnded);
    }

    /** The listen stream failed while the session goes on (e.g. a manager restarting its services): again soon. */
    private void logListenEnded(LogAgent ended) {
        CompletableFuture.delayedExecutor(LOG_LISTEN_RETRY.toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> {
                    synchronized (this) {
                        RemoteSession s = current;
                        if (logs == ended && s != null && !s.ended() && s.addr().equals(ended.addr()))
                            listenForLogs(s.addr());
                    }
                });
    }

    private synchronized void stopListeningForLogs() {
        if (logs != null) logs.close();
        logs = null;
    }

    /** The session if it is the current one and its stream is open; else "session invalid". */
    private RemoteSession live(String sessionId) {
        RemoteSession s = current;
        if (s == null || s.ended() || !s.id().equals(sessionId)) {
            throw new IllegalStateException(Errors.SESSION_INVALID);
        }
        return s;
    }

    private <Q, R> R call(RemoteSession s, MethodDescriptor<Q, R> method, Q request) {
        try {
            return ClientCalls.blockingUnaryCall(
                    channels.get(s.addr()),
                    method,
                    CallOptions.DEFAULT.withDeadlineAfter(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
                    request);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.DEADLINE_EXCEEDED || method == DispatcherProtocol.HEARTBEAT) {
                // The session is no good any more: the agent's next heartbeat makes it open another.
                s.close();
                movePast(s.addr(), e);
            }
            throw new ClusterException(s.addr() + ": " + Errors.describe(e), e);
        }
    }

    // ---- manager list -----------------------------------------------------------------------------------

    private void sessionInfo(RemoteSession s, SessionInfo info) {
        List<String> reported = ManagerList.addrs(info.managers());
        if (!reported.isEmpty()) {
            if (!reported.contains(s.addr())) reported.add(s.addr());
            managers.clear();
            managers.addAll(reported);
        }
    }

    private void sessionEnded(RemoteSession s, Throwable cause) {
        if (s != current) return;
        StatusRuntimeException e = cause instanceof StatusRuntimeException sre
                ? sre
                : Status.UNAVAILABLE.withCause(cause).asRuntimeException();
        LOG.warn("session with manager {} ended: {}", s.addr(), Errors.describe(e));
        stopListeningForLogs();
        movePast(s.addr(), e);
        String id = s.id();
        for (Consumer<String> l : endListeners) {
            try {
                l.accept(id);
            } catch (RuntimeException ex) {
                LOG.warn("session end listener failed", ex);
            }
        }
    }

    /**
     * After a failure with a manager: go to the leader it named; stay when it only forgot the session (it
     * still answers as the leader); otherwise try the next manager.
     */
    private void movePast(String addr, StatusRuntimeException e) {
        String leader = NotLeader.leaderOf(e);
        if (leader != null) {
            preferred = leader;
        } else if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
            String next = nextUntried(addr, List.of(addr));
            preferred = next != null ? next : addr;
        }
    }

    private String first() {
        return managers.isEmpty() ? null : managers.get(0);
    }

    /** The manager after {@code addr} in the list (wrapping around) that was not tried yet, or null. */
    private String nextUntried(String addr, List<String> tried) {
        List<String> list = List.copyOf(managers);
        int start = Math.max(0, list.indexOf(addr) + 1);
        for (int i = 0; i < list.size(); i++) {
            String candidate = list.get((start + i) % list.size());
            if (!tried.contains(candidate)) return candidate;
        }
        return null;
    }
}
