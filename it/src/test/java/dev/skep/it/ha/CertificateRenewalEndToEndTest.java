package dev.skep.it.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skep.it.CommandResult;
import dev.skep.it.SkepLogOnFailure;
import dev.skep.it.SkepProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 12 point 1 end to end: 3 managers and 2 workers (skepd processes, {@code sim} executor) with node
 * certificates of a few seconds — the daemons get a lower minimum through the test-only
 * {@code SKEP_MIN_CERT_EXPIRY} — run through more than three certificate lifetimes under writes. Every node renews
 * by itself and swaps its TLS identity in place: Raft keeps quorum, every node stays Ready with the session it had,
 * no task is restarted. A node that was off longer than its certificate lasts says how to re-join and stays Down.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CertificateRenewalEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration EXPIRY = Duration.ofSeconds(20);
    private static final Duration RUN = EXPIRY.multipliedBy(3).plusSeconds(5);
    private static final Pattern SESSION_ENDED = Pattern.compile("session with manager \\S+ ended");

    private SkepCluster cluster;
    private SkepProcess m1;

    @RegisterExtension
    final SkepLogOnFailure logsOnFailure =
            SkepLogOnFailure.forLogs(() -> cluster == null ? null : "logs:" + cluster.logTails());

    @BeforeAll
    void startCluster() {
        cluster = SkepCluster.startDaemons(3, 2, Map.of("SKEP_MIN_CERT_EXPIRY", "10s"));
        m1 = cluster.managers().getFirst();
        // Every node gets short certificates from the start (30 s; the test then asks for 20 s).
        m1.docker().ok("swarm", "init", "--cert-expiry", "30s");
        for (SkepProcess m : cluster.managers().subList(1, 3)) cluster.join(m, "manager");
        for (SkepProcess w : cluster.workers()) cluster.join(w, "worker");
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) cluster.close();
    }

    @Test
    @Order(1)
    void aLifetimeBelowTheMinimumIsRefusedInSwarmsWords() {
        CommandResult tooShort = m1.docker().run("swarm", "update", "--cert-expiry", "5s");

        assertThat(tooShort.succeeded()).as("%s", tooShort).isFalse();
        assertThat(tooShort.stderr()).contains("minimum certificate expiry time is: 10s");
    }

    @Test
    @Order(2)
    void theClusterRenewsThroughThreeLifetimesUnderWritesWithoutLosingQuorumASessionOrATask() {
        m1.docker().ok("swarm", "update", "--cert-expiry", EXPIRY.toSeconds() + "s");
        createService(m1, "steady", 5);
        eventually().untilAsserted(() -> assertThat(runningTasks("steady")).hasSize(5));
        eventually().untilAsserted(this::everyNodeIsReady);
        Set<String> steadyTasks = Set.copyOf(runningTasks("steady"));
        Map<String, X509Certificate> first = certificates();
        Map<String, Set<BigInteger>> serials = new TreeMap<>();
        Map<String, Integer> sessionsEnded = sessionsEnded();
        Instant end = Instant.now().plus(RUN);

        for (int i = 0; Instant.now().isBefore(end); i++) {
            SkepProcess via = cluster.managers().get(i % 3);
            createService(via, "write-" + i, 0);
            via.docker().ok("service", "update", "--detach", "--label-add", "round=" + i, "write-" + i);
            everyNodeIsReady();
            certificates()
                    .forEach((node, cert) -> serials.computeIfAbsent(node, n -> new LinkedHashSet<>())
                            .add(cert.getSerialNumber()));
        }

        Map<String, X509Certificate> last = certificates();
        for (SkepProcess node : cluster.all()) {
            String name = node.nodeName();
            assertThat(first.get(name).getNotAfter().toInstant())
                    .as("%s's first certificate expired during the run", name)
                    .isBefore(Instant.now());
            assertThat(serials.get(name))
                    .as("%s renewed at least three times", name)
                    .hasSizeGreaterThanOrEqualTo(4);
            assertThat(last.get(name).getNotAfter()).isAfter(first.get(name).getNotAfter());
            assertThat(lifetime(last.get(name)))
                    .as("%s's certificate lasts what swarm update asked", name)
                    .isBetween(EXPIRY.minusSeconds(2), EXPIRY.plusSeconds(1));
        }
        assertThat(sessionsEnded()).as("agent sessions that ended").isEqualTo(sessionsEnded);
        assertThat(Set.copyOf(runningTasks("steady"))).isEqualTo(steadyTasks);
        assertThat(tasks("steady")).hasSize(5);
    }

    @Test
    @Order(3)
    void aNodeOffLongerThanItsCertificateLastsIsToldToRejoinAndStaysDown() throws Exception {
        SkepProcess worker = cluster.workers().getLast();
        worker.kill();
        Instant notAfter = certificates().get(worker.nodeName()).getNotAfter().toInstant();
        eventually().untilAsserted(() -> assertThat(nodeStates()).containsEntry(worker.nodeName(), "down"));
        Duration untilExpired = Duration.between(Instant.now(), notAfter.plusSeconds(1));
        if (!untilExpired.isNegative()) Thread.sleep(untilExpired.toMillis());

        int logBefore = Files.readString(worker.logFile()).length();
        worker.restart();

        // after the restart: told to re-join, and a session attempt made and refused (not merely not tried yet)
        eventually()
                .untilAsserted(
                        () -> assertThat(Files.readString(worker.logFile()).substring(logBefore))
                                .contains("certificate expired at")
                                .contains("docker swarm leave")
                                .contains("docker swarm join")
                                .contains("opening a session failed"));
        assertThat(nodeStates()).containsEntry(worker.nodeName(), "down");
        assertThat(m1.docker()
                        .ok("node", "ls", "--format", "{{.Hostname}} {{.Status}}")
                        .lines())
                .contains(worker.nodeName() + " Down");
    }

    private void everyNodeIsReady() {
        Map<String, String> states = nodeStates();
        assertThat(states).hasSize(5);
        assertThat(states.values()).as("%s", states).containsOnly("ready");
    }

    /** Host name → Status.State as the leader's node list has it. */
    private Map<String, String> nodeStates() {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode n : getJson("/nodes")) {
            out.put(
                    n.path("Description").path("Hostname").asText(),
                    n.path("Status").path("State").asText());
        }
        return out;
    }

    /** Each node's certificate as it is saved in its data directory. */
    private Map<String, X509Certificate> certificates() {
        Map<String, X509Certificate> out = new HashMap<>();
        for (SkepProcess node : cluster.all()) {
            Path file = node.dataDir().resolve("certificates").resolve("swarm-node.crt");
            try (InputStream in = Files.newInputStream(file)) {
                out.put(node.nodeName(), (X509Certificate)
                        CertificateFactory.getInstance("X.509").generateCertificate(in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (CertificateException e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }

    /** From signing to expiry: certificates are backdated an hour for clock skew. */
    private static Duration lifetime(X509Certificate c) {
        return Duration.between(
                c.getNotBefore().toInstant().plus(Duration.ofHours(1)),
                c.getNotAfter().toInstant());
    }

    /** Per node, how many agent sessions its log says ended so far. */
    private Map<String, Integer> sessionsEnded() {
        Map<String, Integer> out = new TreeMap<>();
        for (SkepProcess node : cluster.all()) {
            try {
                Matcher m = SESSION_ENDED.matcher(Files.readString(node.logFile()));
                int n = 0;
                while (m.find()) n++;
                out.put(node.nodeName(), n);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private static void createService(SkepProcess manager, String name, int replicas) {
        String spec = "{\"Name\":\"" + name + "\",\"TaskTemplate\":{\"ContainerSpec\":{\"Image\":\"busybox:latest\"}},"
                + "\"Mode\":{\"Replicated\":{\"Replicas\":" + replicas + "}}}";
        UnixHttp.Response r = UnixHttp.post(manager.socket(), "/services/create", spec, HTTP_TIMEOUT);
        assertThat(r.status())
                .as("create %s through %s: %s", name, manager.nodeName(), r.body())
                .isEqualTo(201);
    }

    private JsonNode getJson(String path) {
        UnixHttp.Response response = UnixHttp.get(m1.socket(), path, HTTP_TIMEOUT);
        assertThat(response.status()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private List<JsonNode> tasks(String serviceName) {
        String serviceId = null;
        for (JsonNode s : getJson("/services")) {
            if (s.path("Spec").path("Name").asText().equals(serviceName))
                serviceId = s.path("ID").asText();
        }
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode t : getJson("/tasks")) {
            if (t.path("ServiceID").asText().equals(serviceId)) out.add(t);
        }
        return out;
    }

    /** IDs of the service's tasks whose observed state is running. */
    private List<String> runningTasks(String serviceName) {
        return tasks(serviceName).stream()
                .filter(t -> t.path("Status").path("State").asText().equals("running"))
                .map(t -> t.path("ID").asText())
                .toList();
    }

    private static org.awaitility.core.ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500));
    }
}
