package dev.skep.daemon.http;

import dev.skep.api.net.Address;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnixDomainSocketAddress;

/**
 * Where the node's Docker Engine listens ({@code --docker-host}): {@code unix:///path} or {@code tcp://host:port}
 * (also {@code http://}; port 2375 when none is given), as the docker CLI's {@code -H} takes it.
 */
record EngineAddress(String text, SocketAddress address, ChannelFactory<? extends Channel> channels) {
    private static final int PLAIN_PORT = 2375;

    static EngineAddress parse(String dockerHost) {
        URI uri = URI.create(dockerHost);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        return switch (scheme) {
            case "unix" ->
                new EngineAddress(dockerHost, UnixDomainSocketAddress.of(uri.getPath()), NioDomainSocketChannel::new);
            case "tcp", "http" -> {
                Address a = Address.parse(uri.getRawAuthority(), PLAIN_PORT);
                yield new EngineAddress(
                        dockerHost, InetSocketAddress.createUnresolved(a.host(), a.port()), NioSocketChannel::new);
            }
            default ->
                throw new IllegalArgumentException(
                        "--docker-host " + dockerHost + ": use unix:///path/to/docker.sock or tcp://host:port");
        };
    }

    /** What a client is told when the engine cannot be reached. */
    String notAnswering() {
        return "the node's Docker Engine at " + text + " is not answering";
    }
}
