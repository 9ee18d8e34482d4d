package dev.skep.daemon;

import dev.skep.api.net.Address;
import dev.skep.daemon.http.ApiServer;
import dev.skep.trust.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One skepd process: the client API server in front of this node's {@link SwarmNode}. */
public final class Daemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    /** dockerd's plain-TCP API port, the default of {@code --api-addr}. */
    private static final int DOCKER_TCP_PORT = 2375;

    private final SwarmNode node;
    private final ApiServer api;

    private Daemon(SwarmNode node, ApiServer api) {
        this.node = node;
        this.api = api;
    }

    public static Daemon start(DaemonConfig config) throws Exception {
        PrivateFiles.directory(config.dataDir()); // keys, the Raft log and join tokens live below: owner only
        SwarmNode node = new SwarmNode(config);
        node.resume();
        Address tcp = config.apiAddr() == null ? null : Address.parse(config.apiAddr(), DOCKER_TCP_PORT);
        String tcpHost = tcp == null ? null : tcp.host();
        int tcpPort = tcp == null ? 0 : tcp.port();
        ApiServer.Options defaults = ApiServer.Options.unix(config.socket());
        ApiServer api = new ApiServer(
                node, new ApiServer.Options(config.socket(), tcpHost, tcpPort, defaults.version(), config.apiAccess()));
        api.start();
        LOG.info(
                "skepd ready: API on unix://{}{}, node name {}, {}",
                config.socket(),
                tcpHost == null ? "" : " and tcp://" + config.apiAddr() + tlsNote(config),
                config.nodeName(),
                node.nodeId() == null ? "not in a swarm" : "node " + node.nodeId());
        return new Daemon(node, api);
    }

    private static String tlsNote(DaemonConfig config) {
        if (config.apiAccess().tls() == null) return " (plain HTTP: --insecure-api)";
        return config.apiAccess().tls().verify() ? " (TLS, client certificates verified)" : " (TLS, any client)";
    }

    public SwarmNode node() {
        return node;
    }

    @Override
    public void close() {
        api.close();
        node.close();
    }
}
