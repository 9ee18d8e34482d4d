package dev.skep.it.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.skep.api.model.Node;
import dev.skep.cluster.Channels;
import dev.skep.cluster.Methods;
import dev.skep.cluster.Tls;
import dev.skep.cluster.ca.JoinClient;
import dev.skep.cluster.dispatch.RemoteDispatcher;
import dev.skep.cluster.raft.ManagerClient;
import dev.skep.cluster.raft.RaftMember;
import dev.skep.it.SkepLogOnFailure;
import dev.skep.it.SkepProcess;
import dev.skep.trust.NodeCertificate;
import dev.skep.trust.NodeCsr;
import dev.skep.trust.NodeIdentity;
import dev.skep.trust.Pem;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 12, points 2 and 3, attacked from outside with the cluster port's own protocol where the docker CLI cannot
 * express the attack: a join token never buys an existing identity, a manager certificate cannot take another
 * manager out of Raft, a demoted manager's old certificate stops working at once, and a removed node stays removed
 * until it joins again. Three managers and a worker ({@code --executor sim}), the steps in order on one cluster.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IdentityEndToEndTest {
    /** The join request as an attacker shapes it: the CA's request with a node ID of the attacker's choosing. */
    record IssueRequest(String token, byte[] csr, String nodeId) {}

    record IssueResponse(String certificate, String nodeId, String role) {}

    private static final MethodDescriptor<IssueRequest, IssueResponse> ISSUE =
            Methods.unary("skep.CA", "IssueNodeCertificate", IssueRequest.class, IssueResponse.class);

    private SkepCluster cluster;
    private SkepProcess m1;
    private SkepProcess m2;
    private SkepProcess m3;
    private SkepProcess worker;

    @RegisterExtension
    final SkepLogOnFailure logsOnFailure =
            SkepLogOnFailure.forLogs(() -> cluster == null ? null : "logs:" + cluster.logTails());

    @BeforeAll
    void startCluster() {
        cluster = SkepCluster.start(3, 1);
        m1 = cluster.managers().get(0);
        m2 = cluster.managers().get(1);
        m3 = cluster.managers().get(2);
        worker = cluster.workers().getFirst();
        eventually()
                .untilAsserted(() -> assertThat(roles(m1))
                        .containsEntry(m2.nodeId(), "manager")
                        .containsEntry(m3.nodeId(), "manager")
                        .containsEntry(worker.nodeId(), "worker"));
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) cluster.close();
    }

    @Test
    @Order(1)
    void aWorkerTokenAskingForAnExistingNodeIdGetsAFreshIdentityAndChangesNoRole() {
        Map<String, String> before = roles(m1);
        X509Certificate root = JoinClient.downloadRootCa(m1.clusterAddr());
        ManagedChannel channel = Channels.open(m1.clusterAddr(), Tls.anonymous(root));
        IssueResponse issued;
        try {
            issued = ClientCalls.blockingUnaryCall(
                    channel,
                    ISSUE,
                    CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS),
                    new IssueRequest(
                            cluster.joinToken("worker"), NodeCsr.create().der(), m2.nodeId()));
        } finally {
            Channels.close(channel);
        }

        NodeIdentity got = NodeIdentity.of(Pem.certificate(issued.certificate()));
        assertThat(got.nodeId()).isEqualTo(issued.nodeId()).isNotEqualTo(m2.nodeId());
        assertThat(got.role()).isEqualTo("worker");
        Map<String, String> after = roles(m1);
        assertThat(after).containsAllEntriesOf(before).containsEntry(got.nodeId(), "worker");
        assertThat(managerStatus(m1, m2.nodeId())).isEqualTo("reachable");
    }

    @Test
    @Order(2)
    void aManagerCertificateCannotTakeAnotherManagerOutOfRaft() {
        try (ManagerClient asM2 = new ManagerClient(certificateOf(m2), List.of(m1.clusterAddr()))) {
            assertThatThrownBy(() -> asM2.leaveRaft(m3.nodeId())).hasMessageContaining("may only remove itself");
            assertThat(asM2.members()).extracting(RaftMember::id).contains(m3.nodeId());
        }
        assertThat(managerStatus(m1, m3.nodeId())).isEqualTo("reachable");
    }

    @Test
    @Order(3)
    void aDemotedManagersOldCertificateIsRefusedOnManagerCallsAtOnce() {
        NodeCertificate old = certificateOf(m3);
        try (ManagerClient asM3 = new ManagerClient(old, List.of(m1.clusterAddr()))) {
            assertThat(asM3.members()).extracting(RaftMember::id).contains(m3.nodeId());

            m1.docker().ok("node", "demote", m3.nodeId());

            assertThatThrownBy(asM3::members).hasMessageContaining("is no longer a manager");
            assertThatThrownBy(() -> asM3.leaveRaft(m3.nodeId())).hasMessageContaining("is no longer a manager");
        }
        eventually()
                .untilAsserted(() -> assertThat(managerStatus(m1, m3.nodeId())).isEmpty());
    }

    @Test
    @Order(4)
    void aRemovedNodeIsRefusedStaysRemovedAndComesBackOnlyByJoiningAgain() {
        String removedId = worker.nodeId();
        NodeCertificate removedCert = certificateOf(worker);
        m1.docker().ok("node", "rm", "--force", removedId);

        // A restart makes the agent open a new session at once: a dispatcher that re-created missing nodes would
        // bring the node back right then.
        worker.restart();
        await().during(Duration.ofSeconds(15))
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(roles(m1)).doesNotContainKey(removedId));
        try (RemoteDispatcher asRemoved = new RemoteDispatcher(removedCert, List.of(m1.clusterAddr()))) {
            assertThatThrownBy(() ->
                            asRemoved.session(removedId, new Node.Description("x", null, null, null, null), a -> {}))
                    .hasMessageContaining("revoked");
        }

        worker.docker().ok("swarm", "leave", "--force");
        cluster.join(worker, "worker");
        eventually().untilAsserted(() -> assertThat(hostnamesById(m1)).containsValue(worker.nodeName()));
        assertThat(hostnamesById(m1)).doesNotContainKey(removedId);
    }

    private static NodeCertificate certificateOf(SkepProcess node) {
        return NodeCertificate.load(NodeCertificate.directory(node.dataDir()));
    }

    /** Node ID → desired role, as {@code node ls} shows them. */
    private static Map<String, String> roles(SkepProcess manager) {
        Map<String, String> out = new TreeMap<>();
        for (String row : manager.docker()
                .ok("node", "ls", "--format", "{{.ID}}|{{.Self}}")
                .lines()) {
            String id = row.split("\\|", -1)[0];
            out.put(
                    id,
                    manager.docker()
                            .ok("node", "inspect", "--format", "{{.Spec.Role}}", id)
                            .stdout()
                            .strip());
        }
        return out;
    }

    private static Map<String, String> hostnamesById(SkepProcess manager) {
        Map<String, String> out = new TreeMap<>();
        for (String row : manager.docker()
                .ok("node", "ls", "--format", "{{.ID}}|{{.Hostname}}")
                .lines()) {
            String[] cells = row.split("\\|", -1);
            out.put(cells[0], cells[1]);
        }
        return out;
    }

    private static String managerStatus(SkepProcess manager, String nodeId) {
        return manager.docker()
                .ok(
                        "node",
                        "inspect",
                        "--format",
                        "{{if .ManagerStatus}}{{.ManagerStatus.Reachability}}{{end}}",
                        nodeId)
                .stdout()
                .strip();
    }

    private static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(90)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500));
    }
}
