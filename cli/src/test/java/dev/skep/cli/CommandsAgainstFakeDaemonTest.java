package dev.skep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skep.api.json.Json;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CommandsAgainstFakeDaemonTest {
    private static final String WEB_ID = "abcdefghijklmnopqrstuvwxy";
    private static final String WEB = """
            {"ID":"%s","Version":{"Index":42},
             "Spec":{"Name":"web","TaskTemplate":{"ContainerSpec":{"Image":"nginx:1.27@sha256:0123","Unknown":7},
                                                  "Placement":{"MaxReplicas":2}},
                     "Mode":{"Replicated":{"Replicas":3}},
                     "UpdateConfig":{"Parallelism":1,"Monitor":1000000}},
             "Endpoint":{"Ports":[{"Protocol":"tcp","TargetPort":80,"PublishedPort":8080,"PublishMode":"ingress"},
                                  {"Protocol":"tcp","TargetPort":81,"PublishedPort":8081,"PublishMode":"ingress"}]},
             "ServiceStatus":{"RunningTasks":2,"DesiredTasks":3}}""".formatted(WEB_ID);

    private final FakeDaemon daemon = newDaemon();

    private static FakeDaemon newDaemon() {
        try {
            return new FakeDaemon();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() {
        daemon.close();
    }

    @Test
    void serviceLsAsksForStatusAndPrintsDockersColumns() {
        daemon.on(
                "GET",
                "/services",
                200,
                "[" + WEB + ",{\"ID\":\"zzzzzzzzzzzzzzz\",\"Spec\":{\"Name\":\"api\","
                        + "\"Mode\":{\"Global\":{}},\"TaskTemplate\":{\"ContainerSpec\":{\"Image\":\"busybox\"}}},"
                        + "\"ServiceStatus\":{\"RunningTasks\":1,\"DesiredTasks\":1}}]");
        FakeDaemon.Result r = daemon.run("service", "ls");
        assertThat(r.code()).isZero();
        assertThat(daemon.requests("GET", "/services").get(0).query()).isEqualTo("status=true");
        // the empty last column still leaves the padding of the column before it, as Go's tabwriter does
        assertThat(r.out())
                .isEqualTo(
                        "ID             NAME      MODE         REPLICAS               IMAGE        PORTS\n"
                                + "zzzzzzzzzzzz   api       global       1/1                    busybox      \n"
                                + "abcdefghijkl   web       replicated   2/3 (max 2 per node)   nginx:1.27   *:8080-8081->80-81/tcp\n");
    }

    @Test
    void nodeLsMarksThisNodeAndCapitalisesLikeDocker() {
        daemon.on("GET", "/nodes", 200, """
                [{"ID":"node2id","Description":{"Hostname":"worker-10","Engine":{"EngineVersion":"20.10.24"}},
                  "Status":{"State":"ready"},"Spec":{"Availability":"drain","Role":"worker"}},
                 {"ID":"node1id","Description":{"Hostname":"worker-9","Engine":{"EngineVersion":"20.10.24"}},
                  "Status":{"State":"ready"},"Spec":{"Availability":"active","Role":"manager"},
                  "ManagerStatus":{"Leader":true,"Reachability":"reachable","Addr":"10.0.0.1:2377"}}]""");
        daemon.on("GET", "/info", 200, "{\"Swarm\":{\"NodeID\":\"node1id\"}}");
        FakeDaemon.Result r = daemon.run("node", "ls");
        assertThat(r.out()).isEqualTo("""
                ID          HOSTNAME    STATUS    AVAILABILITY   MANAGER STATUS   ENGINE VERSION
                node1id *   worker-9    Ready     Active         Leader           20.10.24
                node2id     worker-10   Ready     Drain                           20.10.24
                """);
    }

    @Test
    void servicePsIndentsOlderTasksOfASlot() {
        Instant now = Instant.now();
        String t = """
                {"ID":"%s","ServiceID":"%s","Slot":1,"NodeID":"n1","CreatedAt":"%s","DesiredState":"%s",
                 "Spec":{"ContainerSpec":{"Image":"nginx:1.27@sha256:0123"}},
                 "Status":{"State":"%s","Timestamp":"%s","Err":"%s"}}""";
        daemon.on("GET", "/services", 200, "[" + WEB + "]");
        daemon.on("GET", "/services/" + WEB_ID, 200, WEB);
        daemon.on("GET", "/nodes/n1", 200, "{\"ID\":\"n1\",\"Description\":{\"Hostname\":\"host-1\"}}");
        daemon.on(
                "GET",
                "/tasks",
                200,
                "["
                        + t.formatted(
                                "oldtask0000000000000",
                                WEB_ID,
                                now.minus(5, ChronoUnit.HOURS),
                                "shutdown",
                                "failed",
                                now.minus(4, ChronoUnit.HOURS),
                                "task: non-zero exit (1): the container stopped")
                        + ","
                        + t.formatted(
                                "newtask0000000000000",
                                WEB_ID,
                                now.minus(3, ChronoUnit.HOURS),
                                "running",
                                "running",
                                now.minus(3, ChronoUnit.HOURS),
                                "")
                        + "]");
        FakeDaemon.Result r = daemon.run("service", "ps", "web");
        assertThat(r.err()).isEmpty();
        assertThat(daemon.requests("GET", "/tasks").get(0).query())
                .isEqualTo("filters={\"service\":{\"" + WEB_ID + "\":true}}");
        assertThat(r.out().lines().toList())
                .containsExactly(
                        "ID             NAME        IMAGE        NODE      DESIRED STATE   CURRENT STATE         ERROR                              PORTS",
                        "newtask00000   web.1       nginx:1.27   host-1    Running         Running 3 hours ago                                      ",
                        "oldtask00000    \\_ web.1   nginx:1.27   host-1    Shutdown        Failed 4 hours ago    \"task: non-zero exit (1): the …\"   ");
    }

    @Test
    void scaleSendsTheWholeSpecBackAtTheVersionRead() {
        daemon.on("GET", "/services/web", 200, WEB);
        daemon.on("POST", "/services/" + WEB_ID + "/update", 200, "{\"Warnings\":null}");
        FakeDaemon.Result r = daemon.run("service", "scale", "-d", "web=10");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("web scaled to 10\n");
        FakeDaemon.Request update =
                daemon.requests("POST", "/services/" + WEB_ID + "/update").get(0);
        assertThat(update.query()).isEqualTo("version=42");
        JsonNode body = Json.read(update.body(), JsonNode.class);
        assertThat(body.at("/Mode/Replicated/Replicas").asInt()).isEqualTo(10);
        assertThat(body.at("/TaskTemplate/ContainerSpec/Unknown").asInt())
                .as("unknown fields survive")
                .isEqualTo(7);
    }

    @Test
    void createDetachedPrintsTheIdOnly() {
        daemon.on("POST", "/services/create", 201, "{\"ID\":\"newserviceid\",\"Warnings\":null}");
        FakeDaemon.Result r =
                daemon.run("service", "create", "-d", "--name", "web", "--replicas", "2", "-p", "8080:80", "nginx");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("newserviceid\n");
        JsonNode body =
                Json.read(daemon.requests("POST", "/services/create").get(0).body(), JsonNode.class);
        assertThat(body.at("/Name").asText()).isEqualTo("web");
        assertThat(body.at("/Mode/Replicated/Replicas").asInt()).isEqualTo(2);
        assertThat(body.at("/EndpointSpec/Ports/0/PublishedPort").asInt()).isEqualTo(8080);
    }

    @Test
    void createWaitsForConvergenceAndVerifies() {
        String svc = """
                {"ID":"s1","Version":{"Index":3},"Spec":{"Name":"web","Mode":{"Replicated":{"Replicas":1}},
                 "UpdateConfig":{"Monitor":1000000}}}""";
        daemon.on("POST", "/services/create", 201, "{\"ID\":\"s1\"}");
        daemon.on("GET", "/services/s1", 200, svc);
        daemon.on("GET", "/nodes", 200, "[{\"ID\":\"n1\",\"Status\":{\"State\":\"ready\"}}]");
        daemon.on("GET", "/tasks", 200, """
                [{"ID":"t1","ServiceID":"s1","Slot":1,"NodeID":"n1","DesiredState":"running",
                  "Status":{"State":"running"}}]""");
        FakeDaemon.Result r = daemon.run("service", "create", "busybox");
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("s1\noverall progress: 0 out of 1 tasks\n1/1:\n1/1: running   [====");
        assertThat(r.out()).contains("overall progress: 1 out of 1 tasks\n");
        assertThat(r.out()).endsWith("verify: Service s1 converged\n");
        assertThat(daemon.requests("GET", "/tasks").get(0).query())
                .isEqualTo("filters={\"service\":{\"s1\":true},\"_up-to-date\":{\"true\":true}}");
    }

    @Test
    void givesUpWhenATaskKeepsFailing() {
        daemon.on("POST", "/services/create", 201, "{\"ID\":\"s1\"}");
        daemon.on(
                "GET",
                "/services/s1",
                200,
                "{\"ID\":\"s1\",\"Spec\":{\"Name\":\"web\",\"Mode\":{\"Replicated\":{\"Replicas\":1}}}}");
        daemon.on("GET", "/nodes", 200, "[{\"ID\":\"n1\",\"Status\":{\"State\":\"ready\"}}]");
        StringBuilder tasks = new StringBuilder("[");
        for (int i = 0; i < 5; i++) {
            if (i > 0) tasks.append(',');
            tasks.append("{\"ID\":\"t")
                    .append(i)
                    .append("\",\"Slot\":1,\"NodeID\":\"n1\",\"DesiredState\":\"shutdown\","
                            + "\"Status\":{\"State\":\"failed\",\"Err\":\"no such image: nope\"}}");
        }
        daemon.on("GET", "/tasks", 200, tasks.append(']').toString());
        FakeDaemon.Result r = daemon.run("service", "create", "nope");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("failed 5 times: no such image: nope");
    }

    @Test
    void daemonErrorsUseDockersWording() {
        daemon.on("DELETE", "/services/missing", 404, "{\"message\":\"service missing not found\"}");
        FakeDaemon.Result r = daemon.run("service", "rm", "missing");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Error response from daemon: service missing not found\n");
        daemon.on("GET", "/nodes", 503, "{\"message\":\"This node is not a swarm manager.\"}");
        assertThat(daemon.run("node", "ls").err())
                .isEqualTo("Error response from daemon: This node is not a swarm manager.\n");
    }

    @Test
    void unreachableDaemonIsNamed() {
        daemon.close();
        String host = daemon.host();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = SkepCli.run(
                new String[] {"-H", host, "service", "ls"},
                new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
                new java.io.PrintStream(err, true));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("Cannot connect to the Skep daemon at " + host + ". Is skepd running?\n");
    }

    @Test
    void swarmInitPrintsJoinInstructions() {
        daemon.on("POST", "/swarm/init", 200, "\"node1id\"");
        daemon.on("GET", "/nodes/node1id", 200, "{\"ID\":\"node1id\",\"ManagerStatus\":{\"Addr\":\"10.0.0.1:2377\"}}");
        daemon.on(
                "GET",
                "/swarm",
                200,
                "{\"ID\":\"c1\",\"JoinTokens\":{\"Worker\":\"SWMTKN-1-w\",\"Manager\":\"SWMTKN-1-m\"}}");
        FakeDaemon.Result r = daemon.run("swarm", "init", "--advertise-addr", "10.0.0.1", "--task-history-limit", "3");
        assertThat(r.out()).isEqualTo("""
                Swarm initialized: current node (node1id) is now a manager.

                To add a worker to this swarm, run the following command:

                    skep swarm join --token SWMTKN-1-w 10.0.0.1:2377

                To add a manager to this swarm, run 'skep swarm join-token manager' and follow the instructions.

                """);
        JsonNode body = Json.read(daemon.requests("POST", "/swarm/init").get(0).body(), JsonNode.class);
        assertThat(body.at("/ListenAddr").asText()).isEqualTo("0.0.0.0:2377");
        assertThat(body.at("/Spec/Orchestration/TaskHistoryRetentionLimit").asInt())
                .isEqualTo(3);
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] cmd : new String[][] {
            {"--help"},
            {"service", "create", "--help"},
            {"node", "update", "--help"},
            {"swarm", "join-token", "--help"},
            {"service", "logs", "--help"}
        }) {
            FakeDaemon.Result r = daemon.run(cmd);
            assertThat(r.code()).isZero();
            assertThat(r.out()).startsWith("Usage: skep");
        }
    }
}
