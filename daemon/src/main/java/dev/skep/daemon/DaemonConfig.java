package dev.skep.daemon;

import dev.skep.agent.network.DataPlane;
import dev.skep.api.model.Resources;
import dev.skep.daemon.http.ApiAccess;
import java.nio.file.Path;
import java.util.List;

/**
 * How one skepd runs: where it keeps state, where it listens, which Docker Engine it drives.
 * Several daemons can share a machine as long as data dirs, sockets and ports differ. The cluster addresses here
 * are defaults for {@code swarm init}/{@code swarm join}, whose requests may name others ({@link SwarmAddresses}).
 * {@code apiAccess} says who may use the client API (TLS, socket group) and at what cost.
 */
public record DaemonConfig(
        Path dataDir,
        Path socket,
        String apiAddr,
        String listenAddr,
        String advertiseAddr,
        String dataPathAddr,
        String dockerHost,
        String nodeName,
        String executor,
        DataPlane dataPlane,
        List<Resources.GenericResource> genericResources,
        ApiAccess apiAccess) {}
