package dev.skep.cluster;

import dev.skep.trust.SecurityConfig;
import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One channel per manager address, all with the same credentials; closed together. Built on a node's
 * {@link SecurityConfig}, the channels are replaced when its certificate is renewed: a connection keeps the
 * certificate it was opened with, and managers check the caller's certificate (its expiry too) on every call, so
 * the next calls must go over new connections. The old channels shut down gracefully: calls under way, such as
 * an agent's session stream, go on undisturbed.
 */
public final class Channels implements AutoCloseable {
    private static final long KEEPALIVE_SECONDS = 10;
    private final ChannelCredentials credentials;
    private final Map<String, ManagedChannel> byAddr = new ConcurrentHashMap<>();
    private final Runnable unsubscribe;

    public Channels(ChannelCredentials credentials) {
        this.credentials = credentials;
        this.unsubscribe = () -> {};
    }

    /** Channels presenting {@code security}'s current certificate, renewed with it. */
    public Channels(SecurityConfig security) {
        this.credentials = Tls.client(security);
        this.unsubscribe = security.onUpdate(renewed -> retire());
    }

    /** New calls go over new connections; calls under way finish on the old ones. */
    private void retire() {
        List<String> addrs = List.copyOf(byAddr.keySet());
        for (String addr : addrs) {
            ManagedChannel old = byAddr.remove(addr);
            if (old != null) old.shutdown();
        }
    }

    public ManagedChannel get(String addr) {
        return byAddr.computeIfAbsent(addr, a -> open(a, credentials));
    }

    /** A channel to a manager; keepalives notice a vanished peer on an idle stream. */
    public static ManagedChannel open(String addr, ChannelCredentials credentials) {
        return NettyChannelBuilder.forTarget(addr, credentials)
                .keepAliveTime(KEEPALIVE_SECONDS, TimeUnit.SECONDS)
                .keepAliveTimeout(KEEPALIVE_SECONDS, TimeUnit.SECONDS)
                .keepAliveWithoutCalls(false)
                .build();
    }

    public static void close(ManagedChannel channel) {
        channel.shutdownNow();
        try {
            channel.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        unsubscribe.run();
        byAddr.values().forEach(Channels::close);
        byAddr.clear();
    }
}
