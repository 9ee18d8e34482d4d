package dev.skep.daemon.http;

import dev.skep.daemon.LocalNode;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Docker Engine API over HTTP/1.1 on a unix socket and, optionally, TCP: the swarm API (the v1.45 subset the
 * docker CLI uses for swarm mode), {@code /_ping}, {@code /info}, {@code /version} and {@code /events} served by Skep
 * on virtual threads, every other route forwarded to the node's own Docker Engine ({@link RequestRouting},
 * {@link EngineProxy}), so the socket is a drop-in {@code DOCKER_HOST}. Paths may carry a {@code /vX.Y} prefix.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    /**
     * Where to listen. {@code unixSocket} may be null for TCP only; {@code tcpHost} null means no TCP
     * (port 0 picks a free one). {@code version} is the Skep version reported by /version and /info;
     * {@code access} is who may connect and at what cost (TLS, socket group, limits).
     */
    public record Options(Path unixSocket, String tcpHost, int tcpPort, String version, ApiAccess access) {
        public static Options unix(Path socket) {
            return new Options(socket, null, 0, defaultVersion(), ApiAccess.local());
        }

        /** The TCP listener as configured (HOST:PORT), or null. */
        String tcpAddr() {
            return tcpHost == null ? null : new dev.skep.api.net.Address(tcpHost, tcpPort).toString();
        }

        static String defaultVersion() {
            String v = ApiServer.class.getPackage().getImplementationVersion();
            return v == null ? "0.1.0-dev" : v;
        }
    }

    private final Options options;
    private final Router router = new Router();
    private final EngineAddress engine;
    private final EngineApiVersion engineVersions = new EngineApiVersion();
    private final List<Channel> channels = new ArrayList<>();
    private EventLoopGroup group;
    private ExecutorService executor;

    public ApiServer(LocalNode node, Options options) {
        this.options = options;
        this.engine = EngineAddress.parse(node.dockerHost());
        Controls controls = new Controls(node);
        new SystemRoutes(node, options.version(), options.access().warnings(options.tcpAddr()), engine)
                .register(router);
        new SwarmRoutes(node, controls).register(router);
        new NodeRoutes(controls).register(router);
        new LogRoutes(node, controls).register(router);
        new EventRoutes(node, controls).register(router);
        new ServiceRoutes(controls).register(router);
        new TaskRoutes(controls).register(router);
        new NetworkRoutes(controls).register(router);
        new SecretRoutes(controls).register(router);
    }

    /**
     * Binds the listeners: the unix socket appears with mode 0660 and its group already set
     * ({@link UnixSocketFile}); TCP is refused without TLS unless insecure access was asked for.
     */
    public synchronized void start() throws IOException, InterruptedException {
        ApiAccess access = options.access();
        access.checkTcp(options.tcpAddr());
        SslContext tls = options.tcpHost() == null || access.tls() == null
                ? null
                : access.tls().context();
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        executor = Executors.newVirtualThreadPerTaskExecutor();
        if (options.unixSocket() != null) {
            UnixSocketFile.create(
                    options.unixSocket(),
                    access.socketGroup(),
                    access.groupRequired(),
                    bound -> channels.add(bootstrap(null)
                            .channel(NioServerDomainSocketChannel.class)
                            .bind(UnixDomainSocketAddress.of(bound))
                            .sync()
                            .channel()));
        }
        if (options.tcpHost() != null) {
            channels.add(bootstrap(tls)
                    .channel(NioServerSocketChannel.class)
                    .bind(new InetSocketAddress(options.tcpHost(), options.tcpPort()))
                    .sync()
                    .channel());
        }
        for (String w : access.warnings(options.tcpAddr())) LOG.warn(w); // as dockerd, loudly, at every start
    }

    /** One listener's connections: TLS if given, then the limits around the HTTP codec, then the routes. */
    private ServerBootstrap bootstrap(SslContext tls) {
        ConnectionLimits limits = options.access().limits();
        ConnectionLimits.Counter open = limits.counter();
        return new ServerBootstrap().group(group).childHandler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                if (!open.admit(ch)) return;
                if (tls != null) TlsSetup.addTo(ch, tls);
                ConnectionLimits.RequestClock clock = limits.clock();
                // the routing decision is made on the request head: only Skep's own routes are aggregated (and capped)
                ch.pipeline()
                        .addLast("request-clock", clock.raw)
                        .addLast("http", new HttpServerCodec())
                        .addLast("request-timer", clock.messages)
                        .addLast("routing", new RequestRouting(router, engine, engineVersions))
                        .addLast("continue", new HttpServerExpectContinueHandler())
                        .addLast("aggregator", limits.aggregator())
                        .addLast("api", new ApiHandler(router, executor, options.version()));
            }
        });
    }

    /** Skep's own routes (what {@link RequestRouting} keeps from the engine). */
    Router router() {
        return router;
    }

    /** The TCP port actually bound (useful with port 0), or -1 without TCP. */
    public synchronized int tcpPort() {
        for (Channel c : channels) {
            if (c.localAddress() instanceof InetSocketAddress a) return a.getPort();
        }
        return -1;
    }

    @Override
    public synchronized void close() {
        for (Channel c : channels) c.close().syncUninterruptibly();
        channels.clear();
        if (group != null)
            group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS)
                    .syncUninterruptibly();
        if (executor != null) executor.shutdownNow();
        if (options.unixSocket() != null) {
            try {
                Files.deleteIfExists(options.unixSocket());
            } catch (IOException ignored) {
                // best effort: start() removes a stale socket anyway
            }
        }
    }
}
