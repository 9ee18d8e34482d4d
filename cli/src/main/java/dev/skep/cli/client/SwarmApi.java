package dev.skep.cli.client;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.skep.api.filters.Filters;
import dev.skep.api.json.Json;
import dev.skep.api.model.Cluster;
import dev.skep.api.model.Node;
import dev.skep.api.model.Service;
import dev.skep.api.model.ServiceSpec;
import dev.skep.api.model.SwarmInitRequest;
import dev.skep.api.model.Task;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The Swarm endpoints of the Engine API that the commands call, typed with the api module's records. */
public class SwarmApi {
    private static final JavaType SERVICES =
            Json.MAPPER.getTypeFactory().constructCollectionType(List.class, Service.class);
    private static final JavaType TASKS = Json.MAPPER.getTypeFactory().constructCollectionType(List.class, Task.class);
    private static final JavaType NODES = Json.MAPPER.getTypeFactory().constructCollectionType(List.class, Node.class);

    private final EngineClient client;

    public SwarmApi(EngineClient client) {
        this.client = client;
    }

    public EngineClient client() {
        return client;
    }

    public JsonNode info() {
        return client.get("/info", null);
    }

    public String initSwarm(SwarmInitRequest request) {
        JsonNode id = client.post("/swarm/init", null, request);
        return id == null ? "" : id.asText();
    }

    public void joinSwarm(Object request) {
        client.post("/swarm/join", null, request);
    }

    public void leaveSwarm(boolean force) {
        client.post("/swarm/leave", Query.of("force", force), null);
    }

    public Cluster inspectSwarm() {
        return client.get("/swarm", null, Cluster.class);
    }

    public JsonNode inspectSwarmRaw() {
        return client.get("/swarm", null);
    }

    public void updateSwarm(long version, Cluster.Spec spec, boolean rotateWorker, boolean rotateManager) {
        Query q = Query.of("version", version)
                .with("rotateWorkerToken", rotateWorker)
                .with("rotateManagerToken", rotateManager)
                .with("rotateManagerUnlockKey", false);
        client.post("/swarm/update", q, spec);
    }

    public List<Node> nodes(Filters filters) {
        return client.get("/nodes", Query.of().filters(filters), NODES);
    }

    public Node node(String id) {
        return client.get("/nodes/" + path(id), null, Node.class);
    }

    public JsonNode nodeRaw(String id) {
        return client.get("/nodes/" + path(id), null);
    }

    public void updateNode(String id, long version, Node.Spec spec) {
        client.post("/nodes/" + path(id) + "/update", Query.of("version", version), spec);
    }

    public void removeNode(String id, boolean force) {
        client.delete("/nodes/" + path(id), force ? Query.of("force", "1") : null);
    }

    public List<Service> services(Filters filters, boolean status) {
        Query q = Query.of().filters(filters);
        if (status) q.with("status", "true");
        return client.get("/services", q, SERVICES);
    }

    public Service service(String idOrName) {
        return client.get("/services/" + path(idOrName), Query.of("insertDefaults", "false"), Service.class);
    }

    public JsonNode serviceRaw(String idOrName, boolean insertDefaults) {
        return client.get("/services/" + path(idOrName), Query.of("insertDefaults", insertDefaults), JsonNode.class);
    }

    /** {@code POST /services/create}; returns {@code {"ID", "Warnings"}}. */
    public JsonNode createService(ServiceSpec spec) {
        return client.post("/services/create", null, spec);
    }

    /** {@code POST /services/{id}/update?version=N[&rollback=previous]}; the body is the whole spec. */
    public JsonNode updateService(String id, long version, Object spec, boolean rollback) {
        Query q = Query.of("version", version);
        if (rollback) q.with("rollback", "previous");
        return client.post("/services/" + path(id) + "/update", q, spec);
    }

    public void removeService(String idOrName) {
        client.delete("/services/" + path(idOrName), null);
    }

    public List<Task> tasks(Filters filters) {
        return client.get("/tasks", Query.of().filters(filters), TASKS);
    }

    public Task task(String id) {
        return client.get("/tasks/" + path(id), null, Task.class);
    }

    public DockerHttpClient.Response serviceLogs(String id, Query query) {
        return client.stream("/services/" + path(id) + "/logs", query);
    }

    public DockerHttpClient.Response taskLogs(String id, Query query) {
        return client.stream("/tasks/" + path(id) + "/logs", query);
    }

    private static String path(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
