package dev.skep.network.lb;

import dev.skep.network.NodeNetworks;
import dev.skep.network.Protocol;
import dev.skep.network.PublishedPort;
import dev.skep.network.PublishedPort.Backend;
import dev.skep.network.PublishedPort.PublishMode;
import dev.skep.network.ServiceEndpoint;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The load balancer for kernels without usable nftables: a Netty TCP proxy. It listens on {@code VIP:port} for
 * each TCP port of a VIP service (the plumber puts the VIP on the bridge, so it can be bound) and on
 * {@code 0.0.0.0:published} for published TCP ports, and splices each connection to the next backend in turn.
 * Limits, by nature of a proxy: TCP only (UDP ports are skipped), backends see this node's address instead of the
 * client's, and a VIP only answers on the service's declared ports.
 */
public final class UserspaceProxy implements LoadBalancer {
    private static final Logger log = LoggerFactory.getLogger(UserspaceProxy.class);
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final Map<InetSocketAddress, Listener> listeners = new HashMap<>();

    /** One listening socket and where its connections go (replaced on apply, read per connection). */
    private static final class Listener {
        final Channel channel;
        volatile List<InetSocketAddress> backends;
        final AtomicInteger next = new AtomicInteger();

        Listener(Channel channel, List<InetSocketAddress> backends) {
            this.channel = channel;
            this.backends = backends;
        }

        InetSocketAddress pick() {
            List<InetSocketAddress> b = backends;
            return b.isEmpty() ? null : b.get(Math.floorMod(next.getAndIncrement(), b.size()));
        }
    }

    @Override
    public synchronized void apply(NodeNetworks desired) {
        Map<InetSocketAddress, List<InetSocketAddress>> wanted = wanted(desired);
        listeners.entrySet().removeIf(e -> {
            if (wanted.containsKey(e.getKey())) {
                return false;
            }
            e.getValue().channel.close().syncUninterruptibly();
            return true;
        });
        wanted.forEach((address, backends) -> {
            Listener existing = listeners.get(address);
            if (existing != null) {
                existing.backends = backends;
                return;
            }
            try {
                listeners.put(address, listen(address, backends));
            } catch (RuntimeException e) {
                log.warn("cannot listen on {}: {}", address, e.toString());
            }
        });
    }

    /** Listening address → backends, for every TCP VIP port and published TCP port. */
    static Map<InetSocketAddress, List<InetSocketAddress>> wanted(NodeNetworks desired) {
        Map<InetSocketAddress, List<InetSocketAddress>> wanted = new HashMap<>();
        for (ServiceEndpoint s : desired.services()) {
            if (s.vip() == null) {
                continue;
            }
            for (ServiceEndpoint.Port p : s.ports()) {
                if (p.protocol() == Protocol.TCP) {
                    wanted.put(
                            new InetSocketAddress(s.vip(), p.port()),
                            s.backends().stream()
                                    .map(ip -> new InetSocketAddress(ip, p.port()))
                                    .toList());
                }
            }
        }
        for (PublishedPort p : desired.publishedPorts()) {
            List<Backend> backends = p.mode() == PublishMode.HOST
                    ? p.backends().stream()
                            .filter(b -> b.isOn(desired.underlayAddress()))
                            .toList()
                    : p.backends();
            if (p.protocol() == Protocol.TCP && !backends.isEmpty()) {
                wanted.put(
                        new InetSocketAddress(p.publishedPort()),
                        backends.stream()
                                .map(b -> new InetSocketAddress(b.ip(), p.targetPort()))
                                .toList());
            }
        }
        return wanted;
    }

    /** Addresses currently listened on (for tests and diagnostics). */
    public synchronized List<InetSocketAddress> listening() {
        return listeners.values().stream()
                .map(l -> (InetSocketAddress) l.channel.localAddress())
                .toList();
    }

    private Listener listen(InetSocketAddress address, List<InetSocketAddress> backends) {
        Listener[] self = new Listener[1];
        // SO_REUSEPORT: nodes sharing one host each listen on a published port, and the kernel spreads the
        // connections over them (a node that stops takes only its own listener away)
        Channel channel = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT), true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel client) {
                        connect(client, self[0].pick());
                    }
                })
                .bind(address)
                .syncUninterruptibly()
                .channel();
        self[0] = new Listener(channel, backends);
        return self[0];
    }

    private void connect(Channel client, InetSocketAddress backend) {
        if (backend == null) {
            client.close();
            return;
        }
        new Bootstrap()
                .group(client.eventLoop())
                .channel(NioSocketChannel.class)
                .option(ChannelOption.AUTO_READ, false)
                .handler(new Relay(client))
                .connect(backend)
                .addListener((ChannelFutureListener) f -> {
                    if (!f.isSuccess()) {
                        client.close();
                        return;
                    }
                    client.pipeline().addLast(new Relay(f.channel()));
                    client.read();
                    f.channel().read();
                });
    }

    /** Copies what one side reads to the other side, reading more only once the write went out. */
    private static final class Relay extends ChannelInboundHandlerAdapter {
        private final Channel peer;

        Relay(Channel peer) {
            this.peer = peer;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            peer.writeAndFlush(msg).addListener((ChannelFutureListener) f -> {
                if (f.isSuccess()) {
                    ctx.channel().read();
                } else {
                    f.channel().close();
                }
            });
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    @Override
    public String kind() {
        return "userspace";
    }

    @Override
    public synchronized void close() {
        listeners.values().forEach(l -> l.channel.close().syncUninterruptibly());
        listeners.clear();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
