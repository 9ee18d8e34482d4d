package dev.skep.cluster;

import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** One channel per manager address, all with the same credentials; closed together. */
public final class Channels implements AutoCloseable {
    private static final long KEEPALIVE_SECONDS = 10;
    private final ChannelCredentials credentials;
    private final Map<String, ManagedChannel> byAddr = new ConcurrentHashMap<>();

    public Channels(ChannelCredentials credentials) {
        this.credentials = credentials;
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
        byAddr.values().forEach(Channels::close);
        byAddr.clear();
    }
}
