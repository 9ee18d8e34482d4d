package dev.skep.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skep.api.json.Json;
import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.api.model.TaskStatus;
import dev.skep.api.model.Version;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiServerTest {
    private static final String SPEC = """
            {"Name":"web","TaskTemplate":{"ContainerSpec":{"Image":"skep-busybox"}},
             "Mode":{"Replicated":{"Replicas":2}}}""";

    @TempDir
    Path dir;

    FakeNode node;
    ApiServer server;
    UnixHttp http;

    @BeforeEach
    void start() throws Exception {
        node = new FakeNode();
        Path socket = dir.resolve("skep.sock");
        Files.writeString(socket, "stale");
        server = new ApiServer(node, ApiServer.Options.unix(socket));
        server.start();
        http = new UnixHttp(socket);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void pingAnswersWithSwarmHeaders() throws Exception {
        UnixHttp.Reply head = http.send("HEAD", "/_ping", null);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Api-Version")).isEqualTo("1.45");
        assertThat(head.header("Ostype")).isEqualTo("linux");
        assertThat(head.header("Swarm")).isEqualTo("inactive");
        assertThat(head.header("Docker-Experimental")).isEqualTo("false");
        assertThat(head.body()).isEmpty();

        init();
        UnixHttp.Reply get = http.get("/v1.45/_ping");
        assertThat(get.text()).isEqualTo("OK");
        assertThat(get.header("Swarm")).isEqualTo("active/manager");
        assertThat(get.header("Cache-Control")).contains("no-cache");
    }

    @Test
    void socketIsGroupReadableOnly() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("skep.sock"))))
                .isEqualTo("rw-rw----");
    }

    @Test
    void withoutSwarmServiceCallsAre503() throws Exception {
        UnixHttp.Reply r = http.get("/v1.45/services");
        assertThat(r.status()).isEqualTo(503);
        assertThat(json(r).get("message").asText())
                .contains("not a swarm manager")
                .contains("docker swarm init");
    }

    @Test
    void engineRoutesWithoutAnEngineAre502() throws Exception {
        UnixHttp.Reply r = http.get("/v1.45/containers/json/nope");
        assertThat(r.status()).isEqualTo(502);
        assertThat(json(r).get("message").asText())
                .startsWith("the node's Docker Engine at " + node.dockerHost + " is not answering");
    }

    @Test
    void serviceLifecycle() throws Exception {
        init();
        UnixHttp.Reply created = http.send("POST", "/v1.45/services/create", SPEC);
        assertThat(created.status()).isEqualTo(201);
        String id = json(created).get("ID").asText();
        assertThat(id).hasSize(25);

        JsonNode inspected = json(http.get("/v1.45/services/web?insertDefaults=true"));
        assertThat(inspected.get("ID").asText()).isEqualTo(id);
        assertThat(inspected.at("/Spec/TaskTemplate/RestartPolicy/Condition").asText())
                .isEqualTo("any");
        assertThat(inspected.at("/Spec/UpdateConfig/Parallelism").asLong()).isEqualTo(1);
        long version = inspected.at("/Version/Index").asLong();

        addTask(id, 1, TaskState.RUNNING);
        JsonNode listed = json(http.get("/v1.45/services?status=true"));
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).at("/ServiceStatus/RunningTasks").asLong()).isEqualTo(1);
        assertThat(listed.get(0).at("/ServiceStatus/DesiredTasks").asLong()).isEqualTo(2);

        String scaled = SPEC.replace("\"Replicas\":2", "\"Replicas\":3");
        UnixHttp.Reply stale = http.send("POST", "/v1.45/services/" + id + "/update?version=" + (version - 1), scaled);
        assertThat(stale.status()).isEqualTo(400);
        assertThat(json(stale).get("message").asText()).contains("update out of sequence");

        UnixHttp.Reply ok = http.send("POST", "/v1.45/services/" + id + "/update?version=" + version, scaled);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(json(http.get("/services/" + id))
                        .at("/Spec/Mode/Replicated/Replicas")
                        .asLong())
                .isEqualTo(3);

        assertThat(http.send("DELETE", "/v1.45/services/web", null).status()).isEqualTo(200);
        UnixHttp.Reply gone = http.get("/v1.45/services/web");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(json(gone).get("message").asText()).isEqualTo("service web not found");
    }

    @Test
    void badBodiesAre400AndStoreNothing() throws Exception {
        init();
        UnixHttp.Reply wrongType =
                http.send("POST", "/services/create", SPEC.replace("\"Replicas\":2", "\"Replicas\":\"two\""));
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(json(wrongType).get("message").asText()).contains("Replicas").contains("number");

        UnixHttp.Reply noImage = http.send("POST", "/services/create", "{\"Name\":\"x\",\"TaskTemplate\":{}}");
        assertThat(noImage.status()).isEqualTo(400);
        assertThat(json(noImage).get("message").asText()).contains("image reference must be provided");

        UnixHttp.Reply duplicate = http.send("POST", "/services/create", SPEC);
        assertThat(duplicate.status()).isEqualTo(201);
        UnixHttp.Reply conflict = http.send("POST", "/services/create", SPEC);
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(json(conflict).get("message").asText()).contains("service web already exists");
        assertThat(json(http.get("/services"))).hasSize(1);
    }

    @Test
    void filtersInBothJsonForms() throws Exception {
        init();
        http.send("POST", "/services/create", SPEC);
        http.send("POST", "/services/create", SPEC.replace("\"web\"", "\"db\""));
        String current = URLEncoder.encode("{\"name\":{\"we\":true}}", StandardCharsets.UTF_8);
        String legacy = URLEncoder.encode("{\"name\":[\"db\"]}", StandardCharsets.UTF_8);
        assertThat(json(http.get("/services?filters=" + current)).findValuesAsText("Name"))
                .containsExactly("web");
        assertThat(json(http.get("/services?filters=" + legacy)).findValuesAsText("Name"))
                .containsExactly("db");
        UnixHttp.Reply bad =
                http.get("/services?filters=" + URLEncoder.encode("{\"colour\":{\"x\":true}}", StandardCharsets.UTF_8));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(json(bad).get("message").asText()).isEqualTo("invalid filter 'colour'");
    }

    @Test
    void swarmInspectShowsJoinTokensAndRotates() throws Exception {
        init();
        JsonNode swarm = json(http.get("/v1.45/swarm"));
        String worker = swarm.at("/JoinTokens/Worker").asText();
        assertThat(worker).matches("SWMTKN-1-[0-9a-z]{50}-[0-9a-z]{25}");
        long version = swarm.at("/Version/Index").asLong();
        UnixHttp.Reply rotated = http.send(
                "POST",
                "/v1.45/swarm/update?version=" + version + "&rotateWorkerToken=true",
                Json.text(Json.MAPPER.treeToValue(swarm.get("Spec"), Object.class)));
        assertThat(rotated.status()).isEqualTo(200);
        JsonNode after = json(http.get("/v1.45/swarm"));
        assertThat(after.at("/JoinTokens/Worker").asText()).isNotEqualTo(worker).startsWith(worker.substring(0, 60));
        assertThat(after.at("/JoinTokens/Manager").asText())
                .isEqualTo(swarm.at("/JoinTokens/Manager").asText());
    }

    @Test
    void infoAndNodes() throws Exception {
        init();
        JsonNode info = json(http.get("/v1.45/info"));
        assertThat(info.at("/Swarm/LocalNodeState").asText()).isEqualTo("active");
        assertThat(info.at("/Swarm/ControlAvailable").asBoolean()).isTrue();
        assertThat(info.at("/Swarm/Cluster/ID").asText()).isEqualTo("cluster1aaaaaaaaaaaaaaaaaa");
        assertThat(info.at("/Swarm/Cluster/JoinTokens").isMissingNode()).isTrue();
        JsonNode nodes = json(http.get("/v1.45/nodes"));
        assertThat(nodes.findValuesAsText("Hostname")).containsExactly("box1");
        assertThat(json(http.get("/nodes/box1")).get("ID").asText()).isEqualTo(node.nodeId);
        UnixHttp.Reply removeSelf = http.send("DELETE", "/nodes/box1?force=true", null);
        assertThat(removeSelf.status()).isEqualTo(400);
        assertThat(json(removeSelf).get("message").asText()).contains("must be demoted");
    }

    @Test
    void serviceLogsAreMultiplexedWithDetails() throws Exception {
        init();
        String id = json(http.send("POST", "/services/create", SPEC)).get("ID").asText();
        String taskId = addTask(id, 1, TaskState.RUNNING);
        node.logLines.put(taskId, List.of("hello", "world\n"));
        UnixHttp.Reply r = http.get("/v1.45/services/" + id + "/logs?stdout=1&stderr=1&details=true");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("application/vnd.docker.multiplexed-stream");
        List<String> lines = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(r.body());
        while (b.remaining() >= 8) {
            assertThat(b.get()).isEqualTo((byte) 1);
            b.position(b.position() + 3);
            byte[] payload = new byte[b.getInt()];
            b.get(payload);
            lines.add(new String(payload, StandardCharsets.UTF_8));
        }
        String details = "com.docker.swarm.node.id=" + node.nodeId + ",com.docker.swarm.service.id=" + id
                + ",com.docker.swarm.task.id=" + taskId;
        assertThat(lines).containsExactly(details + " hello\n", details + " world\n");
    }

    @Test
    void logsOfANodeThatIsNotAvailableEndWithSwarmsIncompleteStreamError() throws Exception {
        init();
        String id = json(http.send("POST", "/services/create", SPEC)).get("ID").asText();
        String taskId = addTask(id, 1, TaskState.RUNNING);
        node.logLines.put(taskId, List.of("hello"));
        node.logProblems = List.of("node n2 is not available");

        UnixHttp.Reply r = http.get("/v1.45/services/" + id + "/logs?stdout=1&stderr=1");

        List<String> frames = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(r.body());
        while (b.remaining() >= 8) {
            byte stream = b.get();
            b.position(b.position() + 3);
            byte[] payload = new byte[b.getInt()];
            b.get(payload);
            frames.add(stream + ":" + new String(payload, StandardCharsets.UTF_8));
        }
        assertThat(frames)
                .containsExactly(
                        "1:hello\n",
                        "3:Error grabbing logs: warning: incomplete log stream. some "
                                + "logs could not be retrieved for the following reasons: node n2 is not available\n");
    }

    private void init() throws Exception {
        UnixHttp.Reply r = http.send("POST", "/v1.45/swarm/init", "{\"ListenAddr\":\"0.0.0.0:2377\"}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(json(r).asText()).isEqualTo(node.nodeId);
    }

    private String addTask(String serviceId, long slot, TaskState state) {
        Service s = node.store.view(tx -> tx.services().get(serviceId));
        String taskId = "task" + slot + "aaaaaaaaaaaaaaaaaaaa";
        node.store.update(tx -> tx.create(new Task(
                taskId,
                null,
                null,
                null,
                null,
                null,
                s.spec().taskTemplate(),
                Version.of(0),
                serviceId,
                slot,
                node.nodeId,
                TaskStatus.of(node.timer.now(), state, "started"),
                TaskState.RUNNING,
                null,
                null)));
        return taskId;
    }

    private static JsonNode json(UnixHttp.Reply r) {
        return Json.read(r.body(), JsonNode.class);
    }
}
