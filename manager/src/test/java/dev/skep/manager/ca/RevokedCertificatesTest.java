package dev.skep.manager.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skep.api.filters.Filters;
import dev.skep.api.model.Cluster;
import dev.skep.api.model.Node;
import dev.skep.api.time.ManualTimer;
import dev.skep.manager.controlapi.NodeApi;
import dev.skep.store.MemoryStore;
import dev.skep.trust.NodeIdentity;
import dev.skep.trust.RootCA;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RevokedCertificatesTest {
    private static final String MANAGER = "manageraaaaaaaaaaaaaaaaa1";
    private static final String WORKER = "workeraaaaaaaaaaaaaaaaaa1";
    private static final String OTHER = "workerbbbbbbbbbbbbbbbbbb2";

    private final ManualTimer timer = new ManualTimer();
    private final MemoryStore store = new MemoryStore(timer.clock());
    private final NodeApi nodes = new NodeApi(store);
    private final RevokedCertificates revoked = new RevokedCertificates(store, timer.clock());

    @BeforeEach
    void swarm() {
        store.update(tx -> {
            tx.create(new Cluster(
                    "c1",
                    null,
                    null,
                    null,
                    new Cluster.Spec("default", Map.of(), null, null, null, null, null, null),
                    null,
                    null,
                    null,
                    null,
                    null,
                    ClusterCa.newJoinTokens(null, "c1")));
            tx.create(node(MANAGER, "manager", new Node.ManagerStatus(true, "reachable", "10.0.0.1:2377")));
            tx.create(node(WORKER, "worker", null));
            tx.create(node(OTHER, "worker", null));
        });
    }

    private static Node node(String id, String role, Node.ManagerStatus ms) {
        return new Node(
                id,
                null,
                null,
                null,
                new Node.Spec(null, Map.of(), role, "active"),
                new Node.Description(id, null, null, null, null),
                new Node.Status("down", null, null),
                ms);
    }

    private static NodeIdentity worker(String id) {
        return new NodeIdentity(id, RootCA.WORKER, "c1");
    }

    private static NodeIdentity manager(String id) {
        return new NodeIdentity(id, RootCA.MANAGER, "c1");
    }

    private Map<String, Cluster.BlacklistedCertificate> blacklist() {
        return store.view(tx -> tx.cluster().blacklistedCertificates());
    }

    @Test
    void aRemovedNodesCertificatesAreRefusedEverywhereUntilTheyHaveAllExpired() throws Exception {
        Instant removedAt = timer.clock().instant();
        nodes.remove(WORKER, true);

        Duration lifetime = RootCA.DEFAULT_NODE_CERT_VALIDITY.plus(RootCA.BACKDATE);
        assertThat(blacklist()).containsOnlyKeys(WORKER);
        assertThat(blacklist().get(WORKER).expiry()).isEqualTo(removedAt.plus(lifetime));
        assertThatThrownBy(() -> revoked.checkNode(worker(WORKER)))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("was revoked: the node was removed from the swarm");
        assertThatThrownBy(() -> revoked.checkRaftPeer(manager(WORKER))).isInstanceOf(CertificateException.class);
        assertThatThrownBy(() -> revoked.checkManager(manager(WORKER))).isInstanceOf(CertificateException.class);
        revoked.checkNode(worker(OTHER));
        revoked.checkManager(manager(MANAGER));

        timer.advance(lifetime);
        assertThatCode(() -> revoked.checkNode(worker(WORKER)))
                .as("no certificate of the node can be valid any more")
                .doesNotThrowAnyException();
    }

    @Test
    void expiredEntriesArePrunedWhenAnotherNodeIsRemoved() {
        nodes.remove(WORKER, true);
        timer.advance(Duration.ofDays(91));
        nodes.remove(OTHER, true);

        assertThat(blacklist()).containsOnlyKeys(OTHER);
    }

    @Test
    void theBlacklistLastsAsLongAsTheLongestCertificateLifetime() {
        store.update(tx -> tx.update(tx.cluster()
                .withSpec(new Cluster.Spec(
                        "default",
                        Map.of(),
                        null,
                        null,
                        null,
                        new Cluster.CaConfig(Duration.ofDays(200).toNanos(), null, null, null, null),
                        null,
                        null))));
        Instant removedAt = timer.clock().instant();
        nodes.remove(WORKER, true);

        assertThat(blacklist().get(WORKER).expiry())
                .isEqualTo(removedAt.plus(Duration.ofDays(200)).plus(RootCA.BACKDATE));
    }

    @Test
    void aDemotedManagersCertificateStopsAtOnceOnManagerCallsButStillRenews() throws Exception {
        store.update(tx -> {
            Node n = tx.nodes().get(MANAGER);
            tx.update(n.withSpec(new Node.Spec(null, Map.of(), "worker", "active")));
        });

        assertThatThrownBy(() -> revoked.checkManager(manager(MANAGER)))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("is no longer a manager");
        revoked.checkNode(manager(MANAGER)); // it may still renew its certificate as a worker
        // Raft heeds the blacklist only: a member replaying an older store must not refuse a manager promoted since.
        revoked.checkRaftPeer(manager(MANAGER));
        assertThat(blacklist())
                .as("a demoted node keeps its ID and renews as a worker")
                .isNull();
    }

    @Test
    void aManagerTheStoreDoesNotKnowYetIsAcceptedOnRaft() throws Exception {
        // A joining member's store is empty until it caught up: it must accept the leader that feeds it.
        MemoryStore empty = new MemoryStore(timer.clock());
        new RevokedCertificates(empty, timer.clock()).checkRaftPeer(manager(MANAGER));
    }

    @Test
    void theApiNeverShowsTheBlacklist() {
        nodes.remove(WORKER, true);

        Cluster cluster = store.view(tx -> tx.cluster());
        assertThat(cluster.blacklistedCertificates()).isNotEmpty();
        assertThat(cluster.withoutSecrets().blacklistedCertificates()).isNull();
        assertThat(nodes.list(Filters.empty())).extracting(Node::id).doesNotContain(WORKER);
    }
}
