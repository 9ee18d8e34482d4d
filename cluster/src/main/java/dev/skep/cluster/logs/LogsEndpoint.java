package dev.skep.cluster.logs;

import dev.skep.cluster.Caller;
import dev.skep.cluster.Errors;
import dev.skep.cluster.NotLeader;
import dev.skep.cluster.logs.LogsProtocol.ListenMessage;
import dev.skep.cluster.logs.LogsProtocol.ListenRequest;
import dev.skep.cluster.logs.LogsProtocol.LogLine;
import dev.skep.cluster.logs.LogsProtocol.PublishRequest;
import dev.skep.cluster.logs.LogsProtocol.PublishResponse;
import dev.skep.cluster.logs.LogsProtocol.SubscribeMessage;
import dev.skep.cluster.logs.LogsProtocol.SubscribeRequest;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@code skep.Logs} on a manager, in front of its {@link LogBroker}. Agents listen and publish only while
 * this manager leads (their sessions are with the leader); others are told where the leader is. Subscribing
 * reads any task's logs, so only managers may.
 */
public final class LogsEndpoint {
    private final LogBroker broker;
    private final BooleanSupplier leading;
    private final Supplier<String> leaderAddr;

    public LogsEndpoint(LogBroker broker, BooleanSupplier leading, Supplier<String> leaderAddr) {
        this.broker = broker;
        this.leading = leading;
        this.leaderAddr = leaderAddr;
    }

    public ServerServiceDefinition definition() {
        return ServerServiceDefinition.builder(LogsProtocol.SERVICE)
                .addMethod(LogsProtocol.LISTEN, ServerCalls.asyncServerStreamingCall(this::listen))
                .addMethod(
                        LogsProtocol.PUBLISH,
                        ServerCalls.asyncUnaryCall((PublishRequest req, StreamObserver<PublishResponse> out) ->
                                Errors.answer(
                                        out,
                                        () -> new PublishResponse(!broker.publish(
                                                Caller.identity().nodeId(), req)))))
                .addMethod(LogsProtocol.SUBSCRIBE, ServerCalls.asyncServerStreamingCall(this::subscribe))
                .build();
    }

    private void listen(ListenRequest req, StreamObserver<ListenMessage> observer) {
        ServerCallStreamObserver<ListenMessage> out = (ServerCallStreamObserver<ListenMessage>) observer;
        if (!leading.getAsBoolean()) {
            out.onError(NotLeader.error(leaderAddr.get()));
            return;
        }
        Object lock = new Object();
        Runnable unregister = broker.listen(Caller.identity().nodeId(), message -> {
            synchronized (lock) {
                if (!out.isCancelled()) out.onNext(message);
            }
        });
        out.setOnCancelHandler(unregister);
        if (out.isCancelled()) unregister.run();
    }

    private void subscribe(SubscribeRequest req, StreamObserver<SubscribeMessage> observer) {
        ServerCallStreamObserver<SubscribeMessage> out = (ServerCallStreamObserver<SubscribeMessage>) observer;
        if (!Caller.identity().isManager()) {
            out.onError(Status.PERMISSION_DENIED
                    .withDescription("only managers may subscribe to logs")
                    .asRuntimeException());
            return;
        }
        if (!leading.getAsBoolean()) {
            out.onError(NotLeader.error(leaderAddr.get()));
            return;
        }
        // The broker calls the sink one line at a time, so the stream sees no concurrent calls.
        LogBroker.Handle handle = broker.subscribe(
                req.tasks() == null ? List.of() : req.tasks(), req.options(), (taskId, stream, line) -> {
                    if (out.isCancelled()) return false;
                    out.onNext(new SubscribeMessage(List.of(new LogLine(taskId, stream, line)), null));
                    return true;
                });
        out.setOnCancelHandler(handle::cancel);
        handle.finished().whenComplete((v, e) -> {
            try {
                if (out.isCancelled()) return;
                List<String> problems = handle.problems();
                if (!problems.isEmpty()) out.onNext(new SubscribeMessage(List.of(), problems));
                out.onCompleted();
            } catch (RuntimeException ex) {
                // the subscriber went away meanwhile
            }
        });
        if (out.isCancelled()) handle.cancel();
    }
}
