package dev.skep.cluster.dispatch;

import dev.skep.api.dispatcher.Assignments;
import dev.skep.cluster.dispatch.DispatcherProtocol.SessionInfo;
import dev.skep.cluster.dispatch.DispatcherProtocol.SessionMessage;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayList;
import java.util.List;

/**
 * The server end of one session stream. The dispatcher hands over the COMPLETE set before the session info
 * exists, so assignments wait until the info has gone out first; afterwards they go out as they come.
 */
final class SessionStream {
    private final ServerCallStreamObserver<SessionMessage> out;
    private List<Assignments> early = new ArrayList<>();
    private boolean ended;

    SessionStream(ServerCallStreamObserver<SessionMessage> out) {
        this.out = out;
    }

    synchronized void assignments(Assignments message) {
        if (ended) return;
        if (early != null) {
            early.add(message);
        } else {
            send(new SessionMessage(null, message));
        }
    }

    synchronized void start(SessionInfo info) {
        if (ended) return;
        send(new SessionMessage(info, null));
        for (Assignments a : early) send(new SessionMessage(null, a));
        early = null;
    }

    /** Ends the stream with an error, so the agent opens a new session. */
    synchronized void end(Status status) {
        if (ended) return;
        ended = true;
        try {
            out.onError(status.asRuntimeException());
        } catch (RuntimeException e) {
            // already cancelled by the agent
        }
    }

    synchronized void cancelled() {
        ended = true;
    }

    private void send(SessionMessage message) {
        if (ended) return;
        try {
            out.onNext(message);
        } catch (RuntimeException e) {
            ended = true; // the call is gone
        }
    }
}
