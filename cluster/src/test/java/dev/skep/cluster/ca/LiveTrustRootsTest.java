package dev.skep.cluster.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skep.cluster.ClusterException;
import dev.skep.cluster.raft.RaftMember;
import dev.skep.cluster.raft.RaftMembership;
import dev.skep.cluster.server.ClusterServer;
import dev.skep.trust.NodeCertificate;
import dev.skep.trust.NodeCsr;
import dev.skep.trust.RootCA;
import dev.skep.trust.SecurityConfig;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 point 4: the cluster-port server judges every call by its node's live trust set, so a root rotation
 * changes whom it accepts while it runs — peers of either root while the rotation runs, the new root's alone once
 * it finished, also on a connection opened before — with no new server or TLS context.
 */
class LiveTrustRootsTest {
    private static final String CLUSTER = "cluster-1";
    private final RootCA oldRoot = RootCA.create();
    private final RootCA newRoot = RootCA.create();
    private final X509Certificate crossSigned = oldRoot.crossSign(newRoot.certificate());
    /** The manager was renewed during the rotation: its chain leads to either root. */
    private final SecurityConfig manager = SecurityConfig.inMemory(renewedDuringRotation("m1", RootCA.MANAGER));

    private ClusterServer server;
    private String addr;

    @BeforeEach
    void start() throws Exception {
        server = ClusterServer.builder(manager)
                .listenAddr("127.0.0.1:0")
                .leaderAddr(() -> addr)
                .raft(leader())
                .roles(roles())
                .build()
                .start();
        addr = "127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theServerAcceptsPeersOfTheRootsItsNodeTrustsAtEachCall() {
        try (NodeCaClient oldWorker = new NodeCaClient(issuedBy(oldRoot, "w1"), List.of(addr));
                NodeCaClient newWorker = new NodeCaClient(issuedBy(newRoot, "w2"), List.of(addr))) {
            assertThat(oldWorker.grantedRole()).isEqualTo(RootCA.WORKER);
            assertThatThrownBy(newWorker::grantedRole)
                    .as("the new root is not trusted before the rotation")
                    .isInstanceOf(ClusterException.class);

            manager.trust(List.of(oldRoot.certificate(), newRoot.certificate())); // the rotation runs
            assertThat(oldWorker.grantedRole()).isEqualTo(RootCA.WORKER);
            assertThat(newWorker.grantedRole()).isEqualTo(RootCA.WORKER);

            manager.update(manager.current().withRootCa(newRoot.certificate())); // it finished
            assertThat(newWorker.grantedRole()).isEqualTo(RootCA.WORKER);
            assertThatThrownBy(oldWorker::grantedRole)
                    .as("the retired root, on the connection opened before")
                    .isInstanceOf(ClusterException.class)
                    .hasMessageContaining("unknown authority");
        }
    }

    private NodeCertificate renewedDuringRotation(String id, String role) {
        NodeCsr csr = NodeCsr.create();
        X509Certificate cert = RootCA.of(crossSigned, newRoot.key()).issue(csr.der(), id, role, CLUSTER, null);
        return csr.withChain(List.of(cert, crossSigned), oldRoot.certificate());
    }

    private static NodeCertificate issuedBy(RootCA root, String id) {
        NodeCsr csr = NodeCsr.create();
        return csr.withCertificate(root.issue(csr.der(), id, RootCA.WORKER, CLUSTER, null), root.certificate());
    }

    private static RaftMembership leader() {
        return new RaftMembership() {
            @Override
            public boolean isLeader() {
                return true;
            }

            @Override
            public void addMember(String peerId, String raftAddress) {}

            @Override
            public void removeMember(String peerId) {}

            @Override
            public List<RaftMember> members() {
                return List.of(new RaftMember("m1", "127.0.0.1:1"));
            }
        };
    }

    private static NodeRoleAuthority roles() {
        return new NodeRoleAuthority() {
            @Override
            public String grantedRole(String nodeId) {
                return nodeId.startsWith("m") ? RootCA.MANAGER : RootCA.WORKER;
            }

            @Override
            public X509Certificate renew(X509Certificate presented, byte[] csrDer) {
                throw new AssertionError("no renewal in this test");
            }
        };
    }
}
