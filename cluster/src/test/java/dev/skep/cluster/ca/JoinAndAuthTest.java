package dev.skep.cluster.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skep.api.dispatcher.Dispatcher;
import dev.skep.api.dispatcher.Session;
import dev.skep.api.dispatcher.StatusUpdate;
import dev.skep.api.model.Cluster;
import dev.skep.api.model.Node;
import dev.skep.api.time.ManualTimer;
import dev.skep.cluster.ClusterException;
import dev.skep.cluster.ManagerPeer;
import dev.skep.cluster.TestCa;
import dev.skep.cluster.dispatch.RemoteDispatcher;
import dev.skep.cluster.raft.ManagerClient;
import dev.skep.cluster.raft.RaftMember;
import dev.skep.cluster.raft.RaftMembership;
import dev.skep.cluster.server.ClusterServer;
import dev.skep.manager.ca.RevokedCertificates;
import dev.skep.store.MemoryStore;
import dev.skep.trust.NodeCertificate;
import dev.skep.trust.NodeIdentity;
import dev.skep.trust.RootCA;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JoinAndAuthTest {
    private final TestCa ca = new TestCa("cluster-1");
    private final List<RaftMember> raftMembers =
            new CopyOnWriteArrayList<>(List.of(new RaftMember("m1", "127.0.0.1:1")));
    private final List<String> sessionsOpenedFor = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private ClusterServer server;
    private String addr;

    @BeforeEach
    void startManager() throws Exception {
        server = ClusterServer.builder(ca.node("m1", RootCA.MANAGER))
                .listenAddr("127.0.0.1:0")
                .issuer(ca.issuer())
                .dispatcher(() -> recordingDispatcher())
                .managers(() -> List.of(new ManagerPeer("m1", addr, true)))
                .leaderAddr(() -> addr)
                .raft(raft())
                .build()
                .start();
        addr = "127.0.0.1:" + server.port();
        closing.add(server);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) c.close();
    }

    @Test
    void joinWithAWorkerTokenGetsACertificateForItsOwnKeySignedByTheRoot() throws Exception {
        JoinResult joined = JoinClient.join(addr, ca.workerToken);

        X509Certificate cert = joined.certificate().certificate();
        cert.verify(ca.root().getPublicKey());
        assertThat(joined.certificate().rootCa()).isEqualTo(ca.root());
        assertThat(NodeIdentity.of(cert)).isEqualTo(new NodeIdentity(joined.nodeId(), RootCA.WORKER, "cluster-1"));
        assertThat(joined.isManager()).isFalse();
        assertThat(joined.managerAddrs()).containsExactly(addr);
    }

    @Test
    void joinWithAManagerTokenGetsANewManagerIdentity() {
        JoinResult first = JoinClient.join(addr, ca.managerToken);
        JoinResult joined = JoinClient.join(addr, ca.managerToken);

        assertThat(joined.nodeId()).isNotEqualTo(first.nodeId());
        assertThat(joined.role()).isEqualTo(RootCA.MANAGER);
    }

    @Test
    void wrongSecretIsRefusedWithTheManagersMessage() {
        String wrong = ca.workerToken.substring(0, ca.workerToken.lastIndexOf('-') + 1) + "0".repeat(25);

        assertThatThrownBy(() -> JoinClient.join(addr, wrong))
                .isInstanceOf(ClusterException.class)
                .hasMessageContaining(TestCa.INVALID_TOKEN);
        assertThat(ca.issued).hasValue(0);
    }

    @Test
    void tokenOfAnotherClusterFailsTheRootCheckAndNeverReachesTheIssuer() {
        TestCa other = new TestCa("cluster-2");

        assertThatThrownBy(() -> JoinClient.join(addr, other.workerToken))
                .isInstanceOf(ClusterException.class)
                .hasMessageContaining("does not match the join token");
        assertThat(ca.issued).hasValue(0);
    }

    @Test
    void malformedTokenIsRefusedBeforeConnecting() {
        assertThatThrownBy(() -> JoinClient.join(addr, "SWMTKN-nonsense"))
                .isInstanceOf(ClusterException.class)
                .hasMessage("invalid join token");
    }

    @Test
    void joinedWorkerOpensASessionAsTheNodeInItsCertificate() {
        JoinResult joined = JoinClient.join(addr, ca.workerToken);
        RemoteDispatcher remote = remote(joined.certificate());

        Session s = remote.session("some-other-id", description(), a -> {});

        assertThat(s.id()).isEqualTo("s-" + joined.nodeId());
        assertThat(sessionsOpenedFor).containsExactly(joined.nodeId());
    }

    @Test
    void certificateFromAnotherCaIsRefusedOnTheDispatcher() {
        NodeCertificate foreign = new TestCa("cluster-1").node("intruder", RootCA.MANAGER);
        // It trusts the real root (so the handshake gets through) but presents a certificate the root never signed.
        NodeCertificate posing = new NodeCertificate(foreign.key(), foreign.certificate(), ca.root());

        assertThatThrownBy(() -> remote(posing).session("intruder", description(), a -> {}))
                .isInstanceOf(ClusterException.class)
                .hasMessageContaining("signed by unknown authority");
        assertThat(sessionsOpenedFor).isEmpty();
    }

    @Test
    void certificateForAnotherClusterGetsNoSession() {
        NodeCertificate otherCluster = ca.node("n9", RootCA.WORKER, "cluster-2");

        // Its own trust refuses a manager of cluster-1, and cluster-1 would refuse it.
        assertThatThrownBy(() -> remote(otherCluster).session("n9", description(), a -> {}))
                .isInstanceOf(ClusterException.class)
                .hasMessageContaining("no manager accepted a session");
        assertThat(sessionsOpenedFor).isEmpty();
    }

    @Test
    void workerCannotCallManagerOnlyMethods() {
        ManagerClient client = managerClient(ca.node("w1", RootCA.WORKER));

        assertThatThrownBy(client::members).isInstanceOf(ClusterException.class).hasMessageContaining("only managers");
        assertThatThrownBy(() -> client.joinRaft("w1", "127.0.0.1:9")).hasMessageContaining("only managers");
        assertThat(raftMembers).extracting(RaftMember::id).containsExactly("m1");
    }

    @Test
    void managerJoinsTheRaftGroupAndLeavesIt() {
        ManagerClient client = managerClient(ca.node("m2", RootCA.MANAGER));

        assertThat(client.joinRaft("m2", "127.0.0.1:2378"))
                .extracting(RaftMember::id)
                .containsExactly("m1", "m2");
        assertThat(client.members()).contains(new RaftMember("m2", "127.0.0.1:2378"));
        assertThat(client.leaveRaft("m2")).extracting(RaftMember::id).containsExactly("m1");
    }

    @Test
    void managerMayOnlyAddItselfToTheRaftGroup() {
        ManagerClient client = managerClient(ca.node("m2", RootCA.MANAGER));

        assertThatThrownBy(() -> client.joinRaft("m3", "127.0.0.1:2380")).hasMessageContaining("only add itself");
        assertThat(raftMembers).hasSize(1);
    }

    @Test
    void managerMayOnlyRemoveItselfFromTheRaftGroup() {
        ManagerClient m2 = managerClient(ca.node("m2", RootCA.MANAGER));
        ManagerClient m3 = managerClient(ca.node("m3", RootCA.MANAGER));
        m2.joinRaft("m2", "127.0.0.1:2378");
        m3.joinRaft("m3", "127.0.0.1:2380");

        assertThatThrownBy(() -> m2.leaveRaft("m3")).hasMessageContaining("may only remove itself");
        assertThatThrownBy(() -> m2.leaveRaft("m1")).hasMessageContaining("may only remove itself");
        assertThat(raftMembers).extracting(RaftMember::id).containsExactly("m1", "m2", "m3");
    }

    @Test
    void removedAndDemotedNodesAreRefusedAsTheStoreSays() throws Exception {
        ManualTimer timer = new ManualTimer();
        MemoryStore store = new MemoryStore(timer.clock());
        store.update(tx -> {
            tx.create(new Cluster("cluster-1", null, null, null, null, null, null, null, null, null, null)
                    .withBlacklistedCertificates(Map.of(
                            "removed",
                            new Cluster.BlacklistedCertificate(
                                    timer.clock().instant().plus(Duration.ofDays(1))))));
            tx.create(storedNode("demoted", "worker"));
            tx.create(storedNode("m2", "manager"));
        });
        ClusterServer guarded = ClusterServer.builder(ca.node("m1", RootCA.MANAGER))
                .listenAddr("127.0.0.1:0")
                .dispatcher(() -> recordingDispatcher())
                .leaderAddr(() -> null)
                .raft(raft())
                .revocation(new RevokedCertificates(store, timer.clock()))
                .build()
                .start();
        closing.add(guarded);
        List<String> at = List.of("127.0.0.1:" + guarded.port());
        RemoteDispatcher removed = new RemoteDispatcher(ca.node("removed", RootCA.WORKER), at);
        ManagerClient demoted = new ManagerClient(ca.node("demoted", RootCA.MANAGER), at);
        ManagerClient manager = new ManagerClient(ca.node("m2", RootCA.MANAGER), at);
        closing.addAll(List.of(removed, demoted, manager));

        assertThatThrownBy(() -> removed.session("removed", description(), a -> {}))
                .hasMessageContaining("was revoked: the node was removed from the swarm");
        assertThatThrownBy(demoted::members).hasMessageContaining("is no longer a manager");
        assertThatThrownBy(() -> demoted.leaveRaft("demoted")).hasMessageContaining("is no longer a manager");
        assertThat(manager.members()).extracting(RaftMember::id).containsExactly("m1");
        assertThat(sessionsOpenedFor).isEmpty();
    }

    private static Node storedNode(String id, String role) {
        return new Node(
                id,
                null,
                null,
                null,
                new Node.Spec(null, Map.of(), role, "active"),
                null,
                new Node.Status("ready", null, null),
                null);
    }

    @Test
    void followerRedirectsRaftChangesToTheLeader() throws Exception {
        String follower = follower(() -> addr);
        ManagerClient client = new ManagerClient(ca.node("m2", RootCA.MANAGER), List.of(follower));
        closing.add(client);

        assertThat(client.joinRaft("m2", "127.0.0.1:2378"))
                .extracting(RaftMember::id)
                .containsExactly("m1", "m2");
    }

    @Test
    void followerWithoutAKnownLeaderSaysSo() throws Exception {
        String follower = follower(() -> null);
        ManagerClient client = new ManagerClient(ca.node("m2", RootCA.MANAGER), List.of(follower));
        closing.add(client);

        assertThatThrownBy(() -> client.joinRaft("m2", "127.0.0.1:2378"))
                .isInstanceOf(ClusterException.class)
                .hasMessageContaining("not the leader; no leader is known");
        assertThat(raftMembers).hasSize(1);
    }

    /** A second manager that does not lead: no dispatcher, and Raft changes refused with the leader's address. */
    private String follower(java.util.function.Supplier<String> leaderAddr) throws Exception {
        RaftMembership notLeading = new RaftMembership() {
            @Override
            public boolean isLeader() {
                return false;
            }

            @Override
            public void addMember(String peerId, String raftAddress) {
                throw new AssertionError("a follower must not change membership");
            }

            @Override
            public void removeMember(String peerId) {
                throw new AssertionError("a follower must not change membership");
            }

            @Override
            public List<RaftMember> members() {
                return List.copyOf(raftMembers);
            }
        };
        ClusterServer f = ClusterServer.builder(ca.node("m3", RootCA.MANAGER))
                .listenAddr("127.0.0.1:0")
                .dispatcher(() -> null)
                .leaderAddr(leaderAddr)
                .raft(notLeading)
                .build()
                .start();
        closing.add(f);
        return "127.0.0.1:" + f.port();
    }

    private RemoteDispatcher remote(NodeCertificate identity) {
        RemoteDispatcher r = new RemoteDispatcher(identity, List.of(addr));
        closing.add(r);
        return r;
    }

    private ManagerClient managerClient(NodeCertificate identity) {
        ManagerClient c = new ManagerClient(identity, List.of(addr));
        closing.add(c);
        return c;
    }

    private static Node.Description description() {
        return new Node.Description("host", null, null, null, null);
    }

    private RaftMembership raft() {
        return new RaftMembership() {
            @Override
            public boolean isLeader() {
                return true;
            }

            @Override
            public void addMember(String peerId, String raftAddress) {
                raftMembers.add(new RaftMember(peerId, raftAddress));
            }

            @Override
            public void removeMember(String peerId) {
                raftMembers.removeIf(m -> m.id().equals(peerId));
            }

            @Override
            public List<RaftMember> members() {
                return List.copyOf(raftMembers);
            }
        };
    }

    /** Records which node each session was opened for. */
    private Dispatcher recordingDispatcher() {
        return new Dispatcher() {
            @Override
            public Session session(String nodeId, Node.Description d, dev.skep.api.dispatcher.AssignmentListener l) {
                sessionsOpenedFor.add(nodeId);
                return new Session() {
                    @Override
                    public String id() {
                        return "s-" + nodeId;
                    }

                    @Override
                    public Duration heartbeatPeriod() {
                        return Duration.ofSeconds(5);
                    }

                    @Override
                    public void close() {}
                };
            }

            @Override
            public void heartbeat(String sessionId) {}

            @Override
            public void updateTaskStatus(String sessionId, List<StatusUpdate> updates) {}
        };
    }
}
