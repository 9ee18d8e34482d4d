package dev.skep.it.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skep.cluster.ClusterException;
import dev.skep.cluster.ca.NodeCaClient;
import dev.skep.it.CommandResult;
import dev.skep.it.SkepLogOnFailure;
import dev.skep.it.SkepProcess;
import dev.skep.trust.NodeCertificate;
import dev.skep.trust.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 point 4 end to end: {@code docker swarm ca --rotate} on 3 managers and 2 workers ({@code sim} executor)
 * while node updates keep the store busy. The CLI waits until every node reports a certificate and trust root
 * from the new root; no node goes down and no task restarts; the join tokens are new; a certificate of the old
 * root gets no new certificate any more, and is refused on every manager's cluster port, which follows the
 * rotation without a restart while the nodes go on working on the new root alone.
 */
class RootRotationEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(20);

    private SkepCluster cluster;

    @RegisterExtension
    final SkepLogOnFailure logsOnFailure =
            SkepLogOnFailure.forLogs(() -> cluster == null ? null : "logs:" + cluster.logTails());

    @AfterEach
    void stop() {
        if (cluster != null) cluster.close();
    }

    @Test
    void rotatingTheRootUnderLoadKeepsEveryNodeAndTaskAndRetiresTheOldRoot(@TempDir Path oldWorkerCerts)
            throws Exception {
        cluster = SkepCluster.start(3, 2);
        SkepProcess m1 = cluster.managers().getFirst();
        SkepProcess w1 = cluster.workers().getFirst();
        m1.docker()
                .ok(
                        "service",
                        "create",
                        "--detach",
                        "--no-resolve-image",
                        "--name",
                        "web",
                        "--replicas",
                        "6",
                        "busybox:latest");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(readyNodes(m1)).hasSize(5);
            assertThat(tasks(m1, "running")).hasSize(6);
        });
        List<String> runningBefore = tasks(m1, "running");
        JsonNode before = getJson(m1, "/swarm");
        String oldRoot = before.path("TLSInfo").path("TrustRoot").asText();
        String oldWorkerToken = before.path("JoinTokens").path("Worker").asText();
        copyCertificates(w1.dataDir().resolve("certificates"), oldWorkerCerts);

        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicInteger writes = new AtomicInteger();
        CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
            // Bounded writes through another manager while the rotation runs: node objects, which the
            // reconciler watches too.
            SkepProcess m2 = cluster.managers().get(1);
            for (int i = 0; i < 200 && loading.get(); i++) {
                CommandResult update = m2.docker().run("node", "update", "--label-add", "load=" + i, w1.nodeName());
                // The node's TLSInfo changes under the rotation too: the CLI's read-modify-write may lose the race,
                // as against Swarm.
                if (update.succeeded()) writes.incrementAndGet();
                else assertThat(update.stderr()).contains("update out of sequence");
            }
        });

        CommandResult rotate = m1.docker().ok(Duration.ofSeconds(180), "swarm", "ca", "--rotate");
        loading.set(false);
        load.get();

        JsonNode after = getJson(m1, "/swarm");
        String newRoot = after.path("TLSInfo").path("TrustRoot").asText();
        assertThat(newRoot).contains("BEGIN CERTIFICATE").isNotEqualTo(oldRoot);
        assertThat(rotate.stdout()).as("the CLI prints the new root when done").contains(newRoot.strip());
        assertThat(after.path("RootRotationInProgress").asBoolean(true)).isFalse();
        assertThat(writes.get()).as("writes during the rotation").isPositive();
        for (JsonNode node : getJson(m1, "/nodes")) {
            JsonNode tls = node.path("Description").path("TLSInfo");
            String name = node.path("Description").path("Hostname").asText();
            assertThat(tls.path("TrustRoot").asText()).as("%s trust root", name).isEqualTo(newRoot);
            assertThat(tls.path("CertIssuerSubject").asText())
                    .as("%s issuer", name)
                    .isEqualTo(after.path("TLSInfo").path("CertIssuerSubject").asText());
            assertThat(tls.path("CertIssuerPublicKey").asText())
                    .as("%s issuer key", name)
                    .isEqualTo(after.path("TLSInfo").path("CertIssuerPublicKey").asText());
        }
        assertThat(readyNodes(m1)).as("no node went down").hasSize(5);
        assertThat(tasks(m1, null)).as("no task restarted").containsExactlyInAnyOrderElementsOf(runningBefore);
        assertThat(tasks(m1, "running")).containsExactlyInAnyOrderElementsOf(runningBefore);
        assertThat(m1.docker().ok("swarm", "ca").stdout().strip()).isEqualTo(newRoot.strip());

        String newWorkerToken = after.path("JoinTokens").path("Worker").asText();
        assertThat(newWorkerToken).isNotEqualTo(oldWorkerToken);
        // A certificate of the retired root is refused: by the CA, and on every manager's cluster port, by live
        // trust that followed the rotation without a restart. The client trusts the new root, so the refusal is the
        // managers' own (a client trusting only the old root refuses the managers, whose chains end in the new one).
        NodeCertificate old = NodeCertificate.load(oldWorkerCerts);
        assertThat(old.rootCaPem()).isEqualTo(oldRoot);
        NodeCertificate oldUnderNewTrust = old.withRootCa(Pem.certificate(newRoot));
        try (NodeCaClient client = new NodeCaClient(old, List.of(m1.clusterAddr()))) {
            assertThatThrownBy(client::renew).isInstanceOf(ClusterException.class);
        }
        for (SkepProcess m : cluster.managers()) {
            try (NodeCaClient client = new NodeCaClient(oldUnderNewTrust, List.of(m.clusterAddr()))) {
                assertThatThrownBy(client::renew)
                        .as("renewal with the old-root certificate on %s", m.nodeName())
                        .isInstanceOf(ClusterException.class)
                        .hasMessageContaining("unknown authority");
                assertThatThrownBy(client::grantedRole)
                        .as("the old-root certificate on %s's cluster port", m.nodeName())
                        .isInstanceOf(ClusterException.class)
                        .hasMessageContaining("unknown authority");
            }
        }
        // ...while the nodes, on the new root alone, go on working together: a write through a follower manager
        // (cluster port and Raft), new tasks dispatched to the agents, every node Ready.
        cluster.managers().get(2).docker().ok("node", "update", "--label-add", "rotated=yes", w1.nodeName());
        m1.docker().ok("service", "scale", "--detach", "web=8");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(tasks(m1, "running")).hasSize(8);
            assertThat(readyNodes(m1)).as("every node stays Ready").hasSize(5);
        });
    }

    private static void copyCertificates(Path from, Path to) throws IOException {
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) Files.copy(f, to.resolve(f.getFileName()));
        }
    }

    private static List<String> readyNodes(SkepProcess manager) {
        List<String> ready = new ArrayList<>();
        for (JsonNode n : getJson(manager, "/nodes")) {
            if (n.path("Status").path("State").asText().equals("ready"))
                ready.add(n.path("ID").asText());
        }
        return ready;
    }

    /** IDs of all tasks, or of those in {@code state}. */
    private static List<String> tasks(SkepProcess manager, String state) {
        List<String> ids = new ArrayList<>();
        for (JsonNode t : getJson(manager, "/tasks")) {
            if (state == null || t.path("Status").path("State").asText().equals(state))
                ids.add(t.path("ID").asText());
        }
        return ids;
    }

    private static JsonNode getJson(SkepProcess manager, String path) {
        UnixHttp.Response response = UnixHttp.get(manager.socket(), path, HTTP_TIMEOUT);
        assertThat(response.status())
                .as("GET %s on %s: %s", path, manager.nodeName(), response.body())
                .isEqualTo(200);
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
