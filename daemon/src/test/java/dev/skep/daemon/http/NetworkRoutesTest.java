package dev.skep.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skep.api.json.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkRoutesTest {
    @TempDir
    Path dir;

    FakeNode node;
    ApiServer server;
    UnixHttp http;

    @BeforeEach
    void start() throws Exception {
        node = new FakeNode();
        Path socket = dir.resolve("skep.sock");
        server = new ApiServer(node, ApiServer.Options.unix(socket));
        server.start();
        http = new UnixHttp(socket);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void outsideASwarmTheListIsEmptyAndCreatingIs503() throws Exception {
        assertThat(json(http.get("/v1.45/networks"))).isEmpty();
        assertThat(http.send("POST", "/v1.45/networks/create", "{\"Name\":\"n\",\"Driver\":\"overlay\"}")
                        .status())
                .isEqualTo(503);
    }

    @Test
    void networkLifecycleAsTheDockerCliDrivesIt() throws Exception {
        assertThat(http.send("POST", "/v1.45/swarm/init", "{\"ListenAddr\":\"0.0.0.0:2377\"}")
                        .status())
                .isEqualTo(200);

        UnixHttp.Reply created = http.send("POST", "/v1.45/networks/create", """
                {"Name":"mynet","CheckDuplicate":true,"Driver":"overlay","Scope":"","EnableIPv6":false,
                 "IPAM":{"Driver":"default","Options":{},"Config":[]},"Internal":false,"Attachable":true,
                 "Ingress":false,"ConfigOnly":false,"ConfigFrom":null,"Options":{},"Labels":{}}""");
        assertThat(created.status()).isEqualTo(201);
        String id = json(created).get("Id").asText();
        assertThat(json(created).get("Warning").asText()).isEmpty();

        UnixHttp.Reply again =
                http.send("POST", "/v1.45/networks/create", "{\"Name\":\"mynet\",\"Driver\":\"overlay\"}");
        assertThat(again.status()).isEqualTo(409);
        UnixHttp.Reply bridge = http.send("POST", "/v1.45/networks/create", "{\"Name\":\"b\",\"Driver\":\"bridge\"}");
        assertThat(bridge.status()).isEqualTo(400);

        JsonNode inspected = json(http.get("/v1.45/networks/mynet?scope=swarm"));
        assertThat(inspected.get("Id").asText()).isEqualTo(id);
        assertThat(inspected.get("Name").asText()).isEqualTo("mynet");
        assertThat(inspected.get("Scope").asText()).isEqualTo("swarm");
        assertThat(inspected.get("Driver").asText()).isEqualTo("overlay");
        assertThat(inspected.get("Attachable").asBoolean()).isTrue();
        assertThat(inspected.get("EnableIPv6").isBoolean()).isTrue();
        assertThat(inspected.at("/IPAM/Driver").asText()).isEqualTo("default");
        assertThat(inspected.has("ConfigFrom")).isTrue();

        String filter = URLEncoder.encode("{\"name\":{\"myn\":true}}", StandardCharsets.UTF_8);
        JsonNode listed = json(http.get("/v1.45/networks?filters=" + filter));
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("Id").asText()).isEqualTo(id);

        assertThat(http.send("DELETE", "/v1.45/networks/" + id.substring(0, 6), null)
                        .status())
                .isEqualTo(204);
        UnixHttp.Reply gone = http.get("/v1.45/networks/mynet");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(json(gone).get("message").asText()).isEqualTo("network mynet not found");
    }

    private static JsonNode json(UnixHttp.Reply r) {
        return Json.read(r.body(), JsonNode.class);
    }
}
