package dev.skep.cluster.logs;

import dev.skep.api.dispatcher.LogSource;
import dev.skep.cluster.logs.LogsProtocol.ListenMessage;
import dev.skep.cluster.logs.LogsProtocol.ListenRequest;
import dev.skep.cluster.logs.LogsProtocol.Subscription;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's end of the log broker: listens for subscriptions on the manager its session is with and serves
 * each with a {@link LogPublisher}, until the manager cancels it or the stream ends (then all stop: the
 * broker counts this node's tasks as ended).
 */
public final class LogAgent implements ClientResponseObserver<ListenRequest, ListenMessage>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogAgent.class);
    private final String addr;
    /** The node's current channel to the manager: a certificate renewal retires the old one for new calls. */
    private final Supplier<ManagedChannel> channel;

    private final LogSource source;
    private final Map<String, LogPublisher> running = new ConcurrentHashMap<>();
    private final Consumer<LogAgent> onEnd;
    private volatile ClientCallStreamObserver<ListenRequest> call;
    private volatile boolean closed;

    private LogAgent(String addr, Supplier<ManagedChannel> channel, LogSource source, Consumer<LogAgent> onEnd) {
        this.onEnd = onEnd;
        this.addr = addr;
        this.channel = channel;
        this.source = source;
    }

    /**
     * Opens the listen stream to the manager at {@code addr}; {@code onEnd} hears when it ends unasked. Each
     * subscription publishes over the channel {@code channel} gives at that moment: after a certificate renewal the
     * listen stream goes on over its old connection, which takes no new calls.
     */
    public static LogAgent start(
            String addr, Supplier<ManagedChannel> channel, LogSource source, Consumer<LogAgent> onEnd) {
        LogAgent agent = new LogAgent(addr, channel, source, onEnd);
        ClientCalls.asyncServerStreamingCall(
                channel.get().newCall(LogsProtocol.LISTEN, CallOptions.DEFAULT), new ListenRequest(), agent);
        return agent;
    }

    public String addr() {
        return addr;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<ListenRequest> requestStream) {
        this.call = requestStream;
    }

    @Override
    public void onNext(ListenMessage message) {
        if (closed) return;
        Subscription s = message.subscription();
        if (s != null && s.id() != null) {
            LogPublisher p = new LogPublisher(s, source, channel.get(), () -> running.remove(s.id()));
            running.put(s.id(), p);
            p.start();
        }
        if (message.cancel() != null) {
            LogPublisher p = running.remove(message.cancel());
            if (p != null) p.stop();
        }
    }

    @Override
    public void onError(Throwable t) {
        if (!closed) LOG.debug("log listen stream with {} ended: {}", addr, t.toString());
        ended();
    }

    @Override
    public void onCompleted() {
        ended();
    }

    private void ended() {
        stopAll();
        if (!closed) onEnd.accept(this);
    }

    @Override
    public void close() {
        closed = true;
        ClientCallStreamObserver<?> c = call;
        if (c != null) c.cancel("the agent stopped listening for logs", null);
        stopAll();
    }

    private void stopAll() {
        running.values().forEach(LogPublisher::stop);
        running.clear();
    }
}
