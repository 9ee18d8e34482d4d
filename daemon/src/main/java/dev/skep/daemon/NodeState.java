package dev.skep.daemon;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.skep.api.json.Json;
import dev.skep.api.net.Address;
import dev.skep.trust.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a node remembers about its swarm membership across restarts ({@code <data-dir>/node.json}): its ID,
 * the cluster, its role, the address it advertises, the managers' cluster addresses it last knew, and the
 * addresses its {@code swarm init}/{@code join} resolved (listen and data path; absent in files of older versions,
 * which then use skepd's {@code --listen-addr}).
 */
record NodeState(
        @JsonProperty("NodeID") String nodeId,
        @JsonProperty("ClusterID") String clusterId,
        String role,
        String advertiseAddr,
        List<String> managers,
        String listenAddr,
        String dataPathAddr) {

    NodeState(String nodeId, String clusterId, String role, List<String> managers, SwarmAddresses addrs) {
        this(
                nodeId,
                clusterId,
                role,
                addrs.advertise().toString(),
                managers,
                addrs.listen().toString(),
                addrs.dataPath());
    }

    /** The addresses this membership was set up with. */
    SwarmAddresses addresses(DaemonConfig config) {
        Address listen = Address.parse(listenAddr != null ? listenAddr : config.listenAddr(), Address.CLUSTER_PORT);
        return new SwarmAddresses(listen, Address.parse(advertiseAddr, listen.port()), dataPathAddr);
    }

    boolean isManager() {
        return "manager".equals(role);
    }

    NodeState withRole(String newRole) {
        return new NodeState(nodeId, clusterId, newRole, advertiseAddr, managers, listenAddr, dataPathAddr);
    }

    NodeState withManagers(List<String> addrs) {
        return new NodeState(nodeId, clusterId, role, advertiseAddr, List.copyOf(addrs), listenAddr, dataPathAddr);
    }

    static Path file(Path dataDir) {
        return dataDir.resolve("node.json");
    }

    static NodeState load(Path dataDir) {
        Path f = file(dataDir);
        if (!Files.exists(f)) return null;
        try {
            return Json.read(Files.readAllBytes(f), NodeState.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void save(Path dataDir) {
        PrivateFiles.write(file(dataDir), Json.write(this));
    }
}
