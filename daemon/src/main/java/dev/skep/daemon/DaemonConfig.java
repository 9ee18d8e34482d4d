package dev.skep.daemon;

import dev.skep.agent.network.DataPlane;
import java.nio.file.Path;

/**
 * How one skepd runs: where it keeps state, where it listens, which Docker Engine it drives.
 * Several daemons can share a machine as long as data dirs, sockets and ports differ.
 */
public record DaemonConfig(
        Path dataDir,
        Path socket,
        String apiAddr,
        String listenAddr,
        String advertiseAddr,
        String dockerHost,
        String nodeName,
        String executor,
        DataPlane dataPlane) {

    public static final int DEFAULT_CLUSTER_PORT = 2377;

    /** The host part of an address like {@code 10.0.0.1:2377}. */
    public static String host(String addr) {
        int i = addr.lastIndexOf(':');
        return i < 0 ? addr : addr.substring(0, i);
    }

    /** The port part of an address, or {@code dflt} when none is given. */
    public static int port(String addr, int dflt) {
        int i = addr.lastIndexOf(':');
        if (i < 0 || i == addr.length() - 1) return dflt;
        return Integer.parseInt(addr.substring(i + 1));
    }
}
