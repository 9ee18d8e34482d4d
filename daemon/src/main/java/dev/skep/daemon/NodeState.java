package dev.skep.daemon;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.skep.api.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * What a node remembers about its swarm membership across restarts ({@code <data-dir>/node.json}): its ID,
 * the cluster, its role, the address it advertises and the managers' cluster addresses it last knew.
 */
record NodeState(@JsonProperty("NodeID") String nodeId, @JsonProperty("ClusterID") String clusterId,
                 String role, String advertiseAddr, List<String> managers) {

    boolean isManager() {
        return "manager".equals(role);
    }

    NodeState withRole(String newRole) {
        return new NodeState(nodeId, clusterId, newRole, advertiseAddr, managers);
    }

    NodeState withManagers(List<String> addrs) {
        return new NodeState(nodeId, clusterId, role, advertiseAddr, List.copyOf(addrs));
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
        try {
            Files.createDirectories(dataDir);
            Path tmp = dataDir.resolve("node.json.tmp");
            Files.write(tmp, Json.write(this));
            Files.move(tmp, file(dataDir), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
