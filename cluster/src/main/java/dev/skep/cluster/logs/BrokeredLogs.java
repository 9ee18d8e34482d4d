package dev.skep.cluster.logs;

import dev.skep.api.dispatcher.LogSource.LogOptions;
import dev.skep.api.model.Task;
import dev.skep.cluster.Channels;
import dev.skep.cluster.ClusterException;
import dev.skep.cluster.Errors;
import dev.skep.cluster.NotLeader;
import dev.skep.cluster.logs.LogsProtocol.LogLine;
import dev.skep.cluster.logs.LogsProtocol.SubscribeMessage;
import dev.skep.cluster.logs.LogsProtocol.SubscribeRequest;
import io.grpc.CallOptions;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A manager's {@link ClusterLogs}: the leader asks its own {@link LogBroker}; another manager subscribes
 * through the leader ({@code skep.Logs/Subscribe}), following one "not the leader" redirect.
 */
public final class BrokeredLogs implements ClusterLogs {
    private final LogBroker broker;
    private final BooleanSupplier leading;
    private final Supplier<String> leaderAddr;
    private final Channels channels;

    public BrokeredLogs(LogBroker broker, BooleanSupplier leading, Supplier<String> leaderAddr, Channels channels) {
        this.broker = broker;
        this.leading = leading;
        this.leaderAddr = leaderAddr;
        this.channels = channels;
    }

    @Override
    public List<String> logs(List<Task> tasks, LogOptions options, TaskLogSink sink) throws InterruptedException {
        return leading.getAsBoolean()
                ? fromBroker(tasks, options, sink)
                : fromLeader(leaderAddr.get(), tasks, options, sink);
    }

    private List<String> fromBroker(List<Task> tasks, LogOptions options, TaskLogSink sink)
            throws InterruptedException {
        LogBroker.Handle handle = broker.subscribe(tasks, options, sink);
        try {
            handle.finished().get();
        } catch (ExecutionException e) {
            // finished() only completes normally
        } finally {
            handle.cancel();
        }
        return handle.problems();
    }

    private List<String> fromLeader(String addr, List<Task> tasks, LogOptions options, TaskLogSink sink)
            throws InterruptedException {
        if (addr == null) throw new ClusterException("no leader is known to read the logs from");
        List<String> problems = new ArrayList<>();
        String redirect = stream(addr, tasks, options, sink, problems);
        if (redirect != null && !redirect.equals(addr) && stream(redirect, tasks, options, sink, problems) != null) {
            throw new ClusterException("logs: " + redirect + " is not the leader either");
        }
        return problems;
    }

    /** Streams the leader's lines to the sink; returns the leader named instead when addr does not lead. */
    private String stream(String addr, List<Task> tasks, LogOptions options, TaskLogSink sink, List<String> problems)
            throws InterruptedException {
        Context.CancellableContext call = Context.current().withCancellation();
        Context previous = call.attach();
        boolean received = false;
        try {
            Iterator<SubscribeMessage> it = ClientCalls.blockingServerStreamingCall(
                    channels.get(addr),
                    LogsProtocol.SUBSCRIBE,
                    CallOptions.DEFAULT,
                    new SubscribeRequest(tasks, options));
            while (it.hasNext()) {
                received = true;
                SubscribeMessage m = it.next();
                if (m.problems() != null) problems.addAll(m.problems());
                for (LogLine l : m.lines() == null ? List.<LogLine>of() : m.lines()) {
                    if (!sink.line(l.taskId(), l.stream(), l.line())) return null;
                }
            }
            return null;
        } catch (StatusRuntimeException e) {
            if (Thread.interrupted()) throw new InterruptedException("log subscription cancelled");
            String leader = NotLeader.leaderOf(e);
            if (!received && leader != null) return leader;
            throw new ClusterException("logs from the leader " + addr + ": " + Errors.describe(e), e);
        } finally {
            call.detach(previous);
            call.cancel(null); // ends the call when the sink stopped early
        }
    }
}
