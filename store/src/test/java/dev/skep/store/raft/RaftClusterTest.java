package dev.skep.store.raft;

import static dev.skep.store.StoreFixtures.everything;
import static dev.skep.store.StoreFixtures.service;
import static dev.skep.store.StoreFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.skep.api.model.Service;
import dev.skep.api.model.TaskState;
import dev.skep.api.time.ManualTimer;
import dev.skep.store.ApplyResult;
import dev.skep.store.MemoryStore;
import dev.skep.store.StoreUnavailableException;
import dev.skep.store.raft.testing.RaftCluster;
import dev.skep.store.raft.testing.RaftCluster.Node;
import dev.skep.trust.NodeCsr;
import dev.skep.trust.NodeIdentity;
import dev.skep.trust.Revocation;
import dev.skep.trust.RootCA;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@Tag("slow") // over 15 s: left out of the fast target (docs/TESTING.md)
class RaftClusterTest {
    private static final Logger LOG = LoggerFactory.getLogger(RaftClusterTest.class);

    @TempDir
    Path dir;

    private final ManualTimer timer = new ManualTimer();
    private final List<RaftCluster> clusters = new ArrayList<>();

    @AfterEach
    void closeAll() {
        clusters.forEach(RaftCluster::close);
    }

    private RaftCluster cluster(int size) throws IOException {
        return cluster(size, UnaryOperator.identity());
    }

    private RaftCluster cluster(int size, UnaryOperator<RaftConfig> tune) throws IOException {
        RaftCluster c = RaftCluster.start(dir, timer.clock(), size, tune);
        clusters.add(c);
        return c;
    }

    private static long create(Node n, String id) {
        return n.store().update(tx -> tx.create(service(id, "svc-" + id))).index();
    }

    private static Service serviceOn(Node n, String id) {
        return n.store().view(tx -> tx.services().get(id));
    }

    /** Waits until every running member applied what {@code reference} has and holds the same objects. */
    private static void awaitSameState(RaftCluster c, Node reference) {
        long index = reference.store().index();
        for (Node n : c.running()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> n.store().index() >= index);
            assertThat(everything(n.store())).as(n.id()).isEqualTo(everything(reference.store()));
        }
    }

    @Test
    void threeMembersReplicateWritesFromLeaderAndFollowersAndReadConsistently() throws IOException {
        RaftCluster c = cluster(3);
        Node leader = c.leader();
        Node follower = c.followers().get(0);
        Node other = c.followers().get(1);

        assertThat(leader.raft().members()).extracting(Member::peerId).containsExactlyInAnyOrder("m1", "m2", "m3");
        assertThat(leader.raft().members())
                .allSatisfy(m -> assertThat(m.reachable()).isTrue())
                .filteredOn(Member::leader)
                .extracting(Member::peerId)
                .containsExactly(leader.id());
        for (Node n : c.running()) {
            assertThat(n.raft().leaderId()).isEqualTo(leader.id());
            assertThat(n.raft().term()).isEqualTo(leader.raft().term());
        }

        create(leader, "s1");
        ApplyResult fromFollower = follower.store().update(tx -> tx.create(service("s2", "api")));
        // The writer reads its own write at once; the leader holds it too.
        assertThat(serviceOn(follower, "s2").version().value()).isEqualTo(fromFollower.index());
        assertThat(serviceOn(leader, "s2")).isNotNull();

        // After a read barrier the third member reflects every acknowledged write.
        long barrier = other.raft().readBarrier(Duration.ofSeconds(5));
        assertThat(barrier).isGreaterThanOrEqualTo(fromFollower.index());
        assertThat(serviceOn(other, "s1")).isNotNull();
        assertThat(serviceOn(other, "s2")).isEqualTo(serviceOn(follower, "s2"));

        await().atMost(Duration.ofSeconds(2)).until(() -> leader.leadership().equals(List.of(true)));
        assertThat(follower.leadership()).isEmpty();
        assertThat(other.leadership()).isEmpty();
    }

    @Test
    void whenTheLeaderDiesAnotherLeadsWritesGoOnAndTheDeadOneRejoinsFromItsDirectory() throws IOException {
        RaftCluster c = cluster(3);
        create(c.leader(), "s0");
        int rounds = 10;
        long[] failover = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            Node old = c.leader();
            long term = old.raft().term();
            Node writer = c.followers().get(i % 2);
            String id = "s" + (i + 1);
            long t = System.nanoTime();
            c.kill(old);
            create(writer, id);
            failover[i] = System.nanoTime() - t;

            Node now = c.leader();
            assertThat(now).isNotSameAs(old);
            assertThat(now.raft().term()).isGreaterThan(term);
            await().atMost(Duration.ofSeconds(2)).until(() -> now.leadership().contains(true));
            assertThat(old.leadership())
                    .as("the dead leader was told it no longer leads")
                    .endsWith(false);

            c.restart(old);
            await().atMost(Duration.ofSeconds(20)).until(() -> serviceOn(old, id) != null);
            awaitSameState(c, writer);
        }
        long[] sorted = failover.clone();
        Arrays.sort(sorted);
        LOG.info(
                "leader failover to a committed write (3 members, election timeout {}–{} ms): median {} ms, "
                        + "min {} ms, max {} ms over {} kills",
                RaftConfig.DEFAULT_ELECTION_TIMEOUT_MIN.toMillis(),
                RaftConfig.DEFAULT_ELECTION_TIMEOUT_MAX.toMillis(),
                (sorted[rounds / 2 - 1] + sorted[rounds / 2]) / 2 / 1_000_000,
                sorted[0] / 1_000_000,
                sorted[rounds - 1] / 1_000_000,
                rounds);
        Node any = c.leader();
        List<Service> all = any.store().view(tx -> tx.services().all());
        assertThat(all).hasSize(rounds + 1);
    }

    @Test
    void anIsolatedLeaderStepsDownTheOthersElectAnotherAndItCatchesUpOnceHealed() throws IOException {
        RaftCluster c = cluster(3);
        Node old = c.leader();
        long term = old.raft().term();
        create(old, "s0");

        c.isolate(old);
        Node now = await().atMost(Duration.ofSeconds(20)).until(c::currentLeader, l -> l != null && l != old);
        assertThat(now.raft().term()).isGreaterThan(term);
        await().atMost(Duration.ofSeconds(10)).until(() -> !old.raft().isLeader());
        await().atMost(Duration.ofSeconds(2)).until(() -> old.leadership().equals(List.of(true, false)));
        long index = create(now, "s1");
        assertThatThrownBy(() -> old.raft().readBarrier(Duration.ofSeconds(2)))
                .as("cut off, it cannot catch up with the leader")
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(old.store().index()).as("nothing reached it").isLessThan(index);
        assertThat(serviceOn(old, "s1")).isNull();

        c.heal();
        await().atMost(Duration.ofSeconds(20)).until(() -> serviceOn(old, "s1") != null);
        awaitSameState(c, now);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> c.leader().id().equals(old.raft().leaderId()));
    }

    @Test
    void aFollowerTheLeaderCannotReachOneWayFallsBehindWhileTheOthersCommitAndCatchesUpOnceHealed() throws IOException {
        RaftCluster c = cluster(3);
        Node leader = c.leader();
        Node deaf = c.followers().get(0);
        Node other = c.followers().get(1);

        c.cut(leader, deaf);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> leader.raft().members().stream()
                        .anyMatch(m -> m.peerId().equals(deaf.id()) && !m.reachable()));
        long index = create(leader, "s1");
        assertThat(other.raft().readBarrier()).isGreaterThanOrEqualTo(index);
        assertThat(serviceOn(other, "s1")).isNotNull();
        assertThat(deaf.store().index()).as("appends no longer reach it").isLessThan(index);

        c.heal();
        await().atMost(Duration.ofSeconds(20)).until(() -> serviceOn(deaf, "s1") != null);
        awaitSameState(c, c.leader());
    }

    /**
     * Writes once the survivors have elected a leader: right after kills an attempt may time out while the
     * election settles (slowly on a loaded machine), which is not what these tests are about.
     */
    private void createOnceElected(Node node, String name) {
        await().atMost(Duration.ofSeconds(60))
                .ignoreException(StoreUnavailableException.class)
                .until(() -> {
                    try {
                        create(node, name);
                    } catch (dev.skep.store.ConflictException e) {
                        // An earlier attempt that timed out committed after all.
                        return serviceOn(node, name) != null;
                    }
                    return true;
                });
    }

    @Test
    void fiveMembersTolerateTwoLossesButNotThree() throws IOException {
        RaftCluster c = cluster(5);
        Node leader = c.leader();
        c.kill(leader);
        c.kill(c.followers().get(0));
        Node writer = c.running().get(0);
        createOnceElected(writer, "s1");
        for (Node n : c.running()) {
            n.raft().readBarrier();
            assertThat(serviceOn(n, "s1")).as(n.id()).isNotNull();
        }

        Node third = c.leader();
        c.kill(third);
        Node stranded = c.running().get(0);
        long t = System.nanoTime();
        assertThatThrownBy(() -> create(stranded, "s2")).isInstanceOf(StoreUnavailableException.class);
        long failedAfter = (System.nanoTime() - t) / 1_000_000;
        LOG.info("a write without quorum failed after {} ms", failedAfter);
        assertThat(failedAfter).as("a lost quorum fails writes in bounded time").isLessThan(15_000);
        assertThatThrownBy(() -> stranded.raft().readBarrier(Duration.ofSeconds(2)))
                .isInstanceOf(StoreUnavailableException.class);

        c.restart(third);
        createOnceElected(stranded, "s3");
        assertThat(serviceOn(c.leader(), "s3")).isNotNull();
    }

    @Test
    void aMemberIsRemovedButNotWhenTheRestCouldNotFormAQuorum() throws IOException {
        RaftCluster c = cluster(3);
        Node leader = c.leader();
        Node gone = c.followers().get(0);
        Node stays = c.followers().get(1);
        c.kill(gone);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> leader.raft().members().stream()
                        .anyMatch(m -> m.peerId().equals(gone.id()) && !m.reachable()));

        assertThatThrownBy(() -> leader.raft().removeMember(stays.id()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("lose quorum");
        assertThatThrownBy(() -> stays.raft().removeMember(gone.id()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("only the Raft leader");

        leader.raft().removeMember(gone.id());
        assertThat(leader.raft().members())
                .extracting(Member::peerId)
                .containsExactlyInAnyOrder(leader.id(), stays.id());
        // Two of two now make the quorum: writes commit without the removed member.
        create(leader, "s1");
        stays.raft().readBarrier();
        assertThat(serviceOn(stays, "s1")).isNotNull();
    }

    @Test
    void theLastMemberCannotBeRemoved() throws IOException {
        Node only = cluster(1).leader();
        assertThatThrownBy(() -> only.raft().removeMember(only.id()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("last manager");
    }

    @Test
    void aLeaderRemovingItselfHandsLeadershipOverFirst() throws IOException {
        RaftCluster c = cluster(3);
        Node old = c.leader();
        old.raft().removeMember(old.id());

        Node now = c.followers().stream().filter(n -> n != old).findFirst().orElseThrow();
        await().atMost(Duration.ofSeconds(5)).until(() -> now.raft().members().size() == 2);
        assertThat(now.raft().members()).extracting(Member::peerId).doesNotContain(old.id());
        Node leader = c.running().stream()
                .filter(n -> n != old && n.raft().isLeader())
                .findFirst()
                .orElseThrow();
        create(leader, "s1");
        await().atMost(Duration.ofSeconds(2)).until(() -> old.leadership().equals(List.of(true, false)));
    }

    @Test
    void leadershipMovesOnRequestAndListenersHearIt() throws IOException {
        RaftCluster c = cluster(3);
        Node old = c.leader();
        Node target = c.followers().get(1);
        long term = old.raft().term();

        old.raft().transferLeadership(target.id(), Duration.ofSeconds(10));

        assertThat(target.raft().isLeader()).isTrue();
        assertThat(target.raft().term()).isGreaterThan(term);
        await().atMost(Duration.ofSeconds(2))
                .until(() -> target.leadership().equals(List.of(true))
                        && old.leadership().equals(List.of(true, false)));
        create(old, "s1");
        assertThat(serviceOn(target, "s1")).isNotNull();
    }

    @Test
    void aNewMemberCatchesUpByInstallingTheLeadersSnapshot() throws IOException {
        RaftCluster c = cluster(1, cfg -> cfg.withSnapshotThreshold(50));
        Node leader = c.leader();
        leader.store().update(tx -> tx.create(task("t1", "s1", 1, "n1")));
        for (int i = 0; i < 200; i++) {
            String message = "round " + i;
            leader.store()
                    .update(tx -> tx.update(tx.tasks()
                            .get("t1")
                            .withNode("n" + message.length())
                            .withDesiredState(message.endsWith("0") ? TaskState.SHUTDOWN : TaskState.RUNNING)));
        }
        create(leader, "s1");
        await().atMost(Duration.ofSeconds(10)).until(() -> leader.raft().logStartIndex() > 1);

        // Its own snapshots would come only after 10,000 entries: any snapshot it holds was installed.
        Node joiner = c.startJoining("m2", cfg -> cfg.withSnapshotThreshold(10_000));
        leader.raft().addMember(joiner.config().self());
        joiner.raft().awaitJoined(Duration.ofSeconds(20));

        awaitSameState(c, leader);
        assertThat(joiner.raft().logStartIndex())
                .as("the log before the snapshot never reached it")
                .isGreaterThan(1);
        assertThat(snapshotIndexes(joiner.config().raftDir()))
                .isNotEmpty()
                .allSatisfy(i -> assertThat(i).isGreaterThanOrEqualTo(50));
        create(joiner, "s2");
        assertThat(serviceOn(leader, "s2")).isNotNull();
    }

    private static List<Long> snapshotIndexes(Path raftDir) throws IOException {
        try (var files = java.nio.file.Files.walk(raftDir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("snapshot\\.\\d+_\\d+"))
                    .map(n -> Long.parseLong(n.substring(n.indexOf('_') + 1)))
                    .toList();
        }
    }

    @Test
    void forceNewClusterOnTheSurvivorKeepsEveryObjectAndGoesOn() throws IOException {
        RaftCluster c = cluster(3);
        Node leader = c.leader();
        for (int i = 0; i < 30; i++) create(leader, "s" + i);
        Node survivor = c.followers().get(0);
        survivor.raft().readBarrier();
        Map<String, Object> before = everything(survivor.store());
        long index = survivor.store().index();
        String oldGroup = survivor.raft().groupId().toString();
        for (Node n : c.running()) c.kill(n);

        RaftStore forced = c.forceNewCluster(survivor, survivor.store());

        assertThat(forced.isLeader()).isTrue();
        assertThat(forced.groupId().toString()).isNotEqualTo(oldGroup);
        assertThat(forced.members()).extracting(Member::peerId).containsExactly(survivor.id());
        assertThat(everything(survivor.store())).isEqualTo(before);
        ApplyResult next = survivor.store().update(tx -> tx.create(service("after", "after")));
        assertThat(next.index())
                .as("indexes and versions go on from the old group's")
                .isGreaterThan(index);

        // The new group restarts from its directory alone, and a new member joins it.
        Map<String, Object> withNext = everything(survivor.store());
        c.kill(survivor);
        c.restart(survivor);
        assertThat(everything(survivor.store())).isEqualTo(withNext);
        Node joiner = c.startJoining("m4", UnaryOperator.identity());
        survivor.raft().addMember(joiner.config().self());
        joiner.raft().awaitJoined(Duration.ofSeconds(20));
        assertThat(everything(joiner.store())).isEqualTo(withNext);
    }

    @Test
    void forceNewClusterRecoversTheCommittedStateFromTheDirectoryIntoAnEmptyStore() throws IOException {
        RaftCluster c = cluster(3);
        for (int i = 0; i < 10; i++) create(c.leader(), "s" + i);
        Node survivor = c.followers().get(1);
        survivor.raft().readBarrier();
        Map<String, Object> before = everything(survivor.store());
        for (Node n : c.running()) c.kill(n);

        MemoryStore empty = new MemoryStore(timer.clock());
        c.forceNewCluster(survivor, empty);

        assertThat(everything(empty)).isEqualTo(before);
        create(survivor, "after");
        assertThat(serviceOn(survivor, "after")).isNotNull();
    }

    @Test
    void membersTalkMutualTlsAndAMemberCertifiedByAnotherCaIsRefused() throws Exception {
        RootCA ca = RootCA.create();
        RootCA foreign = RootCA.create();
        RaftCluster c = cluster(2, cfg -> cfg.withTls(certify(ca, cfg.peerId())));
        Node leader = c.leader();
        Node follower = c.followers().get(0);
        create(follower, "s1");
        assertThat(serviceOn(leader, "s1")).isNotNull();

        Node intruder = c.startJoining("m9", cfg -> cfg.withTls(certify(foreign, "m9")));
        assertThatThrownBy(() -> create(intruder, "s2")).isInstanceOf(StoreUnavailableException.class);
        Thread adding = Thread.ofVirtual().start(() -> {
            try {
                leader.raft().addMember(intruder.config().self());
            } catch (IOException | RuntimeException expected) {
                LOG.info("adding the intruder failed: {}", expected.toString());
            }
        });
        assertThatThrownBy(() -> intruder.raft().awaitJoined(Duration.ofSeconds(3)))
                .isInstanceOf(IOException.class);
        assertThat(everything(intruder.store())).isEmpty();
        assertThat(serviceOn(leader, "s2")).isNull();
        adding.interrupt();
    }

    @Test
    void aMemberSpeaksRaftOnlyAsTheNodeItsCertificateNames() throws Exception {
        RootCA ca = RootCA.create();
        // m3 holds a genuine manager certificate, but for m1: it may not vote, ask for votes or lead as m3.
        RaftCluster c = cluster(3, cfg -> cfg.withTls(certify(ca, cfg.peerId().equals("m3") ? "m1" : cfg.peerId())));
        Node leader = c.leader();
        assertThat(leader.id()).isNotEqualTo("m3");

        assertThatThrownBy(() -> leader.raft().transferLeadership("m3", Duration.ofSeconds(3)))
                .isInstanceOf(IOException.class);
        create(leader, "s1");
        assertThat(c.currentLeader().id()).isNotEqualTo("m3");
        assertThat(serviceOn(c.currentLeader(), "s1")).isNotNull();
    }

    @Test
    void aRevokedMembersRequestsAreRefused() throws Exception {
        RootCA ca = RootCA.create();
        Set<String> revoked = ConcurrentHashMap.newKeySet();
        Revocation byTheStore = new Revocation() {
            @Override
            public void checkNode(NodeIdentity peer) throws CertificateException {
                if (revoked.contains(peer.nodeId())) throw new CertificateException(peer.nodeId() + " was removed");
            }

            @Override
            public void checkManager(NodeIdentity peer) throws CertificateException {
                checkNode(peer);
            }

            @Override
            public void checkRaftPeer(NodeIdentity peer) throws CertificateException {
                checkNode(peer);
            }
        };
        RaftCluster c = cluster(3, cfg -> cfg.withTls(certify(ca, cfg.peerId()).withRevocation(byTheStore)));
        Node leader = c.leader();
        Node follower = c.followers().get(0);
        create(follower, "s1");

        revoked.add(follower.id());
        assertThatThrownBy(() -> create(follower, "s2")).isInstanceOf(StoreUnavailableException.class);
        assertThat(serviceOn(leader, "s2")).isNull();
        create(leader, "s3");
        assertThat(serviceOn(leader, "s3")).isNotNull();
    }

    /** A manager's Raft TLS material, its certificate signed by {@code ca} as a manager's CA signs it. */
    private static RaftConfig.Tls certify(RootCA ca, String nodeId) {
        NodeCsr csr = NodeCsr.create();
        X509Certificate cert = ca.issue(csr.keyPair().getPublic(), nodeId, RootCA.MANAGER, "test-cluster", null);
        return new RaftConfig.Tls(csr.keyPair().getPrivate(), cert, ca.certificate(), RootCA.MANAGER_OU);
    }
}
