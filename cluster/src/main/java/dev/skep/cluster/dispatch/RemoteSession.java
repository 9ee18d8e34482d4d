package dev.skep.cluster.dispatch;

import dev.skep.api.dispatcher.AssignmentListener;
import dev.skep.api.dispatcher.Session;
import dev.skep.cluster.dispatch.DispatcherProtocol.SessionInfo;
import dev.skep.cluster.dispatch.DispatcherProtocol.SessionMessage;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * The agent's end of one session stream with a manager: the first message names the session, the rest are
 * assignments for the agent's listener. The session is over when the stream ends, whichever side ends it.
 */
final class RemoteSession
        implements Session, ClientResponseObserver<DispatcherProtocol.SessionRequest, SessionMessage> {
    private volatile long heartbeatPeriodNanos;
    private final String addr;
    private final AssignmentListener listener;
    private final BiConsumer<RemoteSession, SessionInfo> onInfo;
    private final BiConsumer<RemoteSession, Throwable> onEnd;
    private final CompletableFuture<SessionInfo> info = new CompletableFuture<>();
    private volatile ClientCallStreamObserver<DispatcherProtocol.SessionRequest> call;
    private volatile boolean ended;
    private volatile boolean closed;

    RemoteSession(
            String addr,
            AssignmentListener listener,
            BiConsumer<RemoteSession, SessionInfo> onInfo,
            BiConsumer<RemoteSession, Throwable> onEnd) {
        this.addr = addr;
        this.listener = listener;
        this.onInfo = onInfo;
        this.onEnd = onEnd;
    }

    String addr() {
        return addr;
    }

    boolean ended() {
        return ended;
    }

    /** Waits for the session info; the stream's error (e.g. "not the leader") if it failed instead. */
    SessionInfo awaitInfo(Duration timeout) {
        try {
            return info.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StatusRuntimeException s) throw s;
            throw Status.UNAVAILABLE.withCause(e.getCause()).asRuntimeException();
        } catch (TimeoutException e) {
            close();
            throw Status.DEADLINE_EXCEEDED
                    .withDescription("no session from " + addr + " within " + timeout)
                    .asRuntimeException();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
        }
    }

    @Override
    public String id() {
        return info.getNow(null).sessionId();
    }

    @Override
    public Duration heartbeatPeriod() {
        long updated = heartbeatPeriodNanos;
        return Duration.ofNanos(updated > 0 ? updated : info.getNow(null).heartbeatPeriod());
    }

    /** The period the manager gave in its last heartbeat reply, in nanoseconds. */
    void updateHeartbeatPeriod(long nanos) {
        heartbeatPeriodNanos = nanos;
    }

    @Override
    public void close() {
        closed = true;
        ended = true;
        ClientCallStreamObserver<?> c = call;
        if (c != null) c.cancel("session closed by the agent", null);
    }

    // ---- the stream ------------------------------------------------------------------------------------

    @Override
    public void beforeStart(ClientCallStreamObserver<DispatcherProtocol.SessionRequest> requestStream) {
        this.call = requestStream;
    }

    @Override
    public void onNext(SessionMessage message) {
        if (message.session() != null) {
            onInfo.accept(this, message.session());
            info.complete(message.session());
        } else if (message.assignments() != null && info.isDone() && !closed) {
            listener.assignments(message.assignments());
        }
    }

    @Override
    public void onError(Throwable t) {
        end(t);
    }

    @Override
    public void onCompleted() {
        end(Status.UNAVAILABLE.withDescription("the manager ended the session").asRuntimeException());
    }

    private void end(Throwable t) {
        ended = true;
        info.completeExceptionally(t);
        if (!closed) onEnd.accept(this, t);
    }
}
