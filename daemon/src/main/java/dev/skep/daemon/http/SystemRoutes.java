package dev.skep.daemon.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skep.api.json.Json;
import dev.skep.api.model.Cluster;
import dev.skep.api.model.Node;
import dev.skep.daemon.LocalNode;
import dev.skep.store.MemoryStore;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /_ping}, {@code /version}, {@code /info}: what the CLI asks before anything else. {@code /info} and
 * {@code /version} are the node's dockerd's answers (its containers, images, storage driver…) with the swarm's part
 * from Skep, as a Swarm manager's dockerd answers both; when dockerd does not answer, Skep's own fields are served
 * with a warning saying so.
 */
final class SystemRoutes {
    static final String API_VERSION = "1.45";
    static final String MIN_API_VERSION = "1.24";

    private final LocalNode node;
    private final String version;
    private final List<String> warnings;
    private final EngineAddress engine;
    private final EngineDocuments engineDocuments;

    SystemRoutes(LocalNode node, String version, List<String> warnings, EngineAddress engine) {
        this.node = node;
        this.version = version;
        this.warnings = List.copyOf(warnings);
        this.engine = engine;
        this.engineDocuments = new EngineDocuments(engine);
    }

    void register(Router r) {
        r.get("/_ping", req -> ping(true));
        r.head("/_ping", req -> ping(false));
        r.get("/version", req -> ApiResponse.json(mergedVersion()));
        r.get("/info", req -> ApiResponse.json(mergedInfo()));
    }

    /** inactive, pending, error, locked, active/worker or active/manager: the {@code Swarm} ping header. */
    static String swarmHeader(LocalNode node) {
        String state = node.localNodeState();
        if (!"active".equals(state)) return state == null ? "inactive" : state;
        return node.controlAvailable() ? "active/manager" : "active/worker";
    }

    private ApiResponse ping(boolean withBody) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Cache-Control", "no-cache, no-store, must-revalidate");
        headers.put("Pragma", "no-cache");
        headers.put("Docker-Experimental", "false");
        headers.put("Swarm", swarmHeader(node));
        byte[] body = withBody ? "OK".getBytes() : new byte[0];
        return new ApiResponse.Full(200, "text/plain; charset=utf-8", body, headers);
    }

    /** dockerd's version with Skep as one more component; Skep's own when dockerd does not answer. */
    private Object mergedVersion() {
        Optional<ObjectNode> engineVersion = engineDocuments.get("/version");
        if (engineVersion.isEmpty()) return version();
        ObjectNode v = engineVersion.get();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("ApiVersion", API_VERSION);
        details.put("MinAPIVersion", MIN_API_VERSION);
        Map<String, Object> skep = new LinkedHashMap<>();
        skep.put("Name", "Skep");
        skep.put("Version", version);
        skep.put("Details", details);
        JsonNode components = v.get("Components");
        ArrayNode list = components instanceof ArrayNode a ? a : v.putArray("Components");
        list.add(Json.MAPPER.valueToTree(skep));
        return v;
    }

    /** dockerd's info (real container and image counts) with the swarm's part and this node's name from Skep. */
    private Object mergedInfo() {
        Map<String, Object> own = info();
        Optional<ObjectNode> engineInfo = engineDocuments.get("/info");
        if (engineInfo.isEmpty()) {
            List<String> all = new java.util.ArrayList<>(warnings);
            all.add(engine.notAnswering() + ": its containers and images are not counted");
            own.put("Warnings", all);
            return own;
        }
        ObjectNode i = engineInfo.get();
        i.set("Swarm", Json.MAPPER.valueToTree(own.get("Swarm")));
        i.put("Name", node.nodeName());
        ArrayNode labels = i.get("Labels") instanceof ArrayNode a ? a : i.putArray("Labels");
        for (String label : node.labels()) labels.add(label);
        // Skep's own warnings (an API served without TLS, say) beside dockerd's, as dockerd lists its own
        ArrayNode engineWarnings = i.get("Warnings") instanceof ArrayNode w ? w : i.putArray("Warnings");
        for (String warning : warnings) engineWarnings.add(warning);
        return i;
    }

    private Map<String, Object> version() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("ApiVersion", API_VERSION);
        details.put("MinAPIVersion", MIN_API_VERSION);
        details.put("Os", "linux");
        details.put("Arch", goArch());
        Map<String, Object> engine = new LinkedHashMap<>();
        engine.put("Name", "Engine");
        engine.put("Version", version);
        engine.put("Details", details);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("Platform", Map.of("Name", "Skep " + version));
        v.put("Components", List.of(engine));
        v.put("Version", version);
        v.put("ApiVersion", API_VERSION);
        v.put("MinAPIVersion", MIN_API_VERSION);
        v.put("GitCommit", "");
        v.put("GoVersion", "java" + Runtime.version().feature());
        v.put("Os", "linux");
        v.put("Arch", goArch());
        v.put("KernelVersion", System.getProperty("os.version"));
        return v;
    }

    private Map<String, Object> info() {
        Map<String, Object> i = new LinkedHashMap<>();
        String id = node.nodeId() == null ? "" : node.nodeId();
        i.put("ID", id);
        i.put("Containers", 0);
        i.put("ContainersRunning", 0);
        i.put("ContainersPaused", 0);
        i.put("ContainersStopped", 0);
        i.put("Images", 0);
        i.put("Driver", "");
        i.put("NCPU", Runtime.getRuntime().availableProcessors());
        i.put("MemTotal", memTotal());
        i.put("Name", node.nodeName());
        i.put("ServerVersion", version);
        i.put("OperatingSystem", "Skep");
        i.put("OSType", "linux");
        i.put("Architecture", unameArch());
        i.put("KernelVersion", System.getProperty("os.version"));
        i.put("IndexServerAddress", "https://index.docker.io/v1/");
        i.put("Labels", node.labels());
        i.put("ExperimentalBuild", false);
        i.put("SecurityOptions", List.of());
        i.put("Swarm", swarmInfo());
        i.put("Warnings", warnings);
        return i;
    }

    private Map<String, Object> swarmInfo() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("NodeID", node.nodeId() == null ? "" : node.nodeId());
        s.put("NodeAddr", node.nodeAddr() == null ? "" : node.nodeAddr());
        s.put("LocalNodeState", node.localNodeState() == null ? "inactive" : node.localNodeState());
        s.put("ControlAvailable", node.controlAvailable());
        s.put("Error", "");
        MemoryStore store = node.controlAvailable() ? node.store() : null;
        if (store == null) {
            s.put("RemoteManagers", null);
            return s;
        }
        store.view(tx -> {
            List<Node> nodes = tx.nodes().all();
            List<Map<String, String>> managers = new ArrayList<>();
            for (Node n : nodes) {
                if (n.managerStatus() != null) {
                    managers.add(Map.of(
                            "NodeID",
                            n.id(),
                            "Addr",
                            n.managerStatus().addr() == null
                                    ? ""
                                    : n.managerStatus().addr()));
                }
            }
            s.put("RemoteManagers", managers);
            s.put("Nodes", nodes.size());
            s.put(
                    "Managers",
                    nodes.stream()
                            .filter(n -> n.spec() != null
                                    && "manager".equals(n.spec().role()))
                            .count());
            Cluster c = tx.cluster();
            if (c != null) s.put("Cluster", c.withJoinTokens(null).withoutSecrets());
            return null;
        });
        return s;
    }

    private static long memTotal() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory();
    }

    static String goArch() {
        String a = System.getProperty("os.arch");
        return switch (a) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> a;
        };
    }

    private static String unameArch() {
        String a = System.getProperty("os.arch");
        return switch (a) {
            case "amd64", "x86_64" -> "x86_64";
            case "arm64" -> "aarch64";
            default -> a;
        };
    }
}
