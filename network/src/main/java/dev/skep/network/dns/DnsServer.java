package dev.skep.network.dns;

import dev.skep.network.ServiceEndpoint;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;

/**
 * This node's DNS server for containers (UDP and TCP). It listens on each overlay network's gateway address
 * (port 53) — an address every node has on its own bridge, so a container always reaches its own node's server,
 * and the executor hands it to containers with {@code --dns <gateway>}. A listener bound to a network answers
 * only for services on that network (Swarm's scoping); other names go to the host's resolvers.
 * <p>
 * {@link #update} swaps the whole name table at once; answers carry TTL 0, so a change is visible to the next
 * query.
 */
public final class DnsServer implements AutoCloseable {
    public static final int PORT = 53;
    private static final Logger log = LoggerFactory.getLogger(DnsServer.class);

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Map<InetSocketAddress, List<Channel>> listeners = new ConcurrentHashMap<>();
    private volatile ServiceRecords records = ServiceRecords.EMPTY;
    private final DnsAnswerer answerer;

    /**
     * @param upstreams resolvers for names that are not services (may be empty: such names then get SERVFAIL)
     * @param timeout   how long to wait for an upstream answer
     */
    public DnsServer(List<InetSocketAddress> upstreams, Duration timeout) {
        this.answerer = new DnsAnswerer(() -> records, resolver(upstreams, timeout));
    }

    /** A server forwarding to the nameservers in the host's {@code /etc/resolv.conf}, 2 s timeout. */
    public static DnsServer withHostResolvers() {
        return new DnsServer(nameservers(Path.of("/etc/resolv.conf")), Duration.ofSeconds(2));
    }

    /** The {@code nameserver} lines of a resolv.conf, as port-53 addresses. */
    public static List<InetSocketAddress> nameservers(Path resolvConf) {
        try {
            List<InetSocketAddress> out = new ArrayList<>();
            for (String line : Files.readAllLines(resolvConf)) {
                String[] f = line.strip().split("\\s+");
                if (f.length >= 2 && f[0].equals("nameserver")) {
                    out.add(new InetSocketAddress(f[1], PORT));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Resolver resolver(List<InetSocketAddress> upstreams, Duration timeout) {
        if (upstreams.isEmpty()) {
            return null;
        }
        List<Resolver> resolvers = new ArrayList<>();
        for (InetSocketAddress a : upstreams) {
            SimpleResolver r = new SimpleResolver(a);
            r.setTimeout(timeout);
            resolvers.add(r);
        }
        ExtendedResolver resolver = new ExtendedResolver(resolvers);
        resolver.setTimeout(timeout);
        resolver.setRetries(1);
        return resolver;
    }

    /** Replaces every service name at once. */
    public void update(List<ServiceEndpoint> services) {
        records = ServiceRecords.of(services);
    }

    /**
     * Listens for UDP and TCP queries on an address.
     *
     * @param address   where to listen; port 0 picks a free port (the same for UDP and TCP)
     * @param networkId the network whose services this listener answers for, or null for all networks
     * @return the address actually bound
     */
    public synchronized InetSocketAddress listen(InetSocketAddress address, String networkId) {
        if (listeners.containsKey(address)) {
            return address;
        }
        // port 0: the free UDP port may be taken for TCP, so try a few
        for (int attempt = 1; ; attempt++) {
            try {
                return bind(address, networkId);
            } catch (RuntimeException e) {
                if (address.getPort() != 0 || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private InetSocketAddress bind(InetSocketAddress address, String networkId) {
        Channel udp = new Bootstrap()
                .group(group)
                .channel(NioDatagramChannel.class)
                .handler(new UdpHandler(networkId))
                .bind(address)
                .syncUninterruptibly()
                .channel();
        InetSocketAddress bound = (InetSocketAddress) udp.localAddress();
        Channel tcp;
        try {
            tcp = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline()
                                    .addLast(
                                            new LengthFieldBasedFrameDecoder(65535, 0, 2, 0, 2),
                                            new LengthFieldPrepender(2),
                                            new TcpHandler(networkId));
                        }
                    })
                    .bind(bound)
                    .syncUninterruptibly()
                    .channel();
        } catch (RuntimeException e) {
            udp.close().syncUninterruptibly();
            throw e;
        }
        listeners.put(bound, List.of(udp, tcp));
        log.info("DNS listening on {} for network {}", bound, networkId == null ? "(all)" : networkId);
        return bound;
    }

    /** Stops listening on an address (e.g. when its network leaves the node). */
    public synchronized void unlisten(InetSocketAddress address) {
        List<Channel> channels = listeners.remove(address);
        if (channels != null) {
            channels.forEach(c -> c.close().syncUninterruptibly());
        }
    }

    public java.util.Set<InetSocketAddress> listening() {
        return java.util.Set.copyOf(listeners.keySet());
    }

    @Override
    public synchronized void close() {
        List.copyOf(listeners.keySet()).forEach(this::unlisten);
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static Message parse(ByteBuf buf) {
        try {
            return new Message(ByteBufUtil.getBytes(buf));
        } catch (IOException e) {
            return null;
        }
    }

    private final class UdpHandler extends SimpleChannelInboundHandler<DatagramPacket> {
        private final String networkId;

        UdpHandler(String networkId) {
            this.networkId = networkId;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            Message query = parse(packet.content());
            if (query == null) {
                return;
            }
            InetSocketAddress sender = packet.sender();
            OPTRecord opt = query.getOPT();
            int max = opt == null ? 512 : Math.max(512, opt.getPayloadSize());
            answerer.answer(query, networkId)
                    .thenAccept(reply ->
                            ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(reply.toWire(max)), sender)));
        }
    }

    private final class TcpHandler extends SimpleChannelInboundHandler<ByteBuf> {
        private final String networkId;

        TcpHandler(String networkId) {
            this.networkId = networkId;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            Message query = parse(frame);
            if (query == null) {
                ctx.close();
                return;
            }
            answerer.answer(query, networkId)
                    .thenAccept(reply -> ctx.writeAndFlush(Unpooled.wrappedBuffer(reply.toWire(65535))));
        }
    }
}
