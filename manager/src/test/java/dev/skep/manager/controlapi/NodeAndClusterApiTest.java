package dev.skep.manager.controlapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skep.api.filters.Filters;
import dev.skep.api.model.Cluster;
import dev.skep.api.model.Node;
import dev.skep.api.time.ManualTimer;
import dev.skep.manager.ca.ClusterCa;
import dev.skep.store.MemoryStore;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NodeAndClusterApiTest {
    final MemoryStore store = new MemoryStore(new ManualTimer().clock());
    final NodeApi nodes = new NodeApi(store);
    final ClusterApi cluster = new ClusterApi(store);

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
            tx.create(node("manageraaaaaaaaaaaaaaaaa1", "mgr", "manager", "ready"));
            tx.create(node("workeraaaaaaaaaaaaaaaaaa1", "w1", "worker", "ready"));
            tx.create(node("workerbbbbbbbbbbbbbbbbbb2", "w2", "worker", "down"));
        });
    }

    private static Node node(String id, String host, String role, String state) {
        return new Node(
                id,
                null,
                null,
                null,
                new Node.Spec(null, Map.of(), role, "active"),
                new Node.Description(host, null, null, null, null),
                new Node.Status(state, null, null),
                role.equals("manager") ? new Node.ManagerStatus(true, "reachable", "127.0.0.1:2377") : null);
    }

    @Test
    void listFiltersByRoleAndName() {
        assertThat(nodes.list(Filters.parse("{\"role\":{\"worker\":true}}")))
                .extracting(Node::hostname)
                .containsExactlyInAnyOrder("w1", "w2");
        assertThat(nodes.list(Filters.parse("{\"name\":{\"mg\":true}}")))
                .extracting(Node::hostname)
                .containsExactly("mgr");
        assertThatThrownBy(() -> nodes.list(Filters.parse("{\"role\":{\"boss\":true}}")))
                .hasMessageContaining("Invalid role filter");
    }

    @Test
    void updateChecksVersionAndValues() {
        Node w1 = nodes.get("w1");
        assertThatThrownBy(() -> nodes.update("w1", w1.version().value(), new Node.Spec(null, null, "worker", "nap")))
                .hasMessageContaining("invalid Availability");
        assertThatThrownBy(() -> nodes.update(
                        "w1", w1.version().value() + 1, new Node.Spec(null, Map.of("zone", "a"), "worker", "drain")))
                .hasMessageContaining("out of sequence");
        nodes.update("w1", w1.version().value(), new Node.Spec(null, Map.of("zone", "a"), "worker", "drain"));
        assertThat(nodes.get("w1").spec().availability()).isEqualTo("drain");
        assertThat(nodes.list(Filters.parse("{\"node.label\":{\"zone=a\":true}}")))
                .hasSize(1);
        Node mgr = nodes.get("mgr");
        assertThatThrownBy(() -> nodes.update("mgr", mgr.version().value(), new Node.Spec(null, null, "worker", null)))
                .hasMessageContaining("last manager");
    }

    @Test
    void removeRefusesManagersAndReadyNodesWithoutForce() {
        assertThatThrownBy(() -> nodes.remove("mgr", true)).hasMessageContaining("must be demoted");
        assertThatThrownBy(() -> nodes.remove("w1", false)).hasMessageContaining("is not down and can't be removed");
        nodes.remove("w2", false);
        nodes.remove("w1", true);
        assertThat(nodes.list(Filters.empty())).extracting(Node::hostname).containsExactly("mgr");
    }

    @Test
    void tokenRotation() {
        Cluster before = cluster.get();
        cluster.update(before.version().value(), before.spec(), false, true);
        Cluster after = cluster.get();
        assertThat(after.joinTokens().worker()).isEqualTo(before.joinTokens().worker());
        assertThat(after.joinTokens().manager())
                .isNotEqualTo(before.joinTokens().manager())
                .matches("SWMTKN-1-[0-9a-z]{50}-[0-9a-z]{25}")
                .startsWith(before.joinTokens().manager().substring(0, 60));
        assertThatThrownBy(() -> cluster.update(before.version().value(), before.spec(), true, false))
                .hasMessageContaining("update out of sequence");
    }

    private static Cluster.Spec withCertExpiry(Cluster.Spec spec, Duration expiry) {
        return new Cluster.Spec(
                spec.name(),
                spec.labels(),
                spec.orchestration(),
                spec.raft(),
                spec.dispatcher(),
                new Cluster.CaConfig(expiry.toNanos(), null, null, null, null),
                spec.encryptionConfig(),
                spec.taskDefaults());
    }

    @Test
    void aCertificateExpiryUnderSwarmsHourIsRefusedInSwarmKitsWords() {
        Cluster before = cluster.get();
        assertThatThrownBy(() -> cluster.update(
                        before.version().value(), withCertExpiry(before.spec(), Duration.ofMinutes(59)), false, false))
                .hasMessageContaining("minimum certificate expiry time is: 1h0m0s");

        cluster.update(before.version().value(), withCertExpiry(before.spec(), Duration.ofHours(1)), false, false);

        assertThat(ClusterCa.nodeCertExpiry(cluster.get())).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void onlyTheTestSettingLowersTheMinimum() {
        String saved = System.getProperty(ClusterCa.MIN_EXPIRY_PROPERTY);
        System.setProperty(ClusterCa.MIN_EXPIRY_PROPERTY, "10s");
        try {
            Cluster before = cluster.get();
            assertThatThrownBy(() -> cluster.update(
                            before.version().value(),
                            withCertExpiry(before.spec(), Duration.ofSeconds(5)),
                            false,
                            false))
                    .hasMessageContaining("minimum certificate expiry time is: 10s");
            cluster.update(
                    before.version().value(), withCertExpiry(before.spec(), Duration.ofSeconds(20)), false, false);
            assertThat(ClusterCa.nodeCertExpiry(cluster.get())).isEqualTo(Duration.ofSeconds(20));
        } finally {
            if (saved == null) System.clearProperty(ClusterCa.MIN_EXPIRY_PROPERTY);
            else System.setProperty(ClusterCa.MIN_EXPIRY_PROPERTY, saved);
        }
        // without it, a lifetime under the hour in the store is signed for 90 days, as SwarmKit's signing policy does
        assertThat(ClusterCa.nodeCertExpiry(cluster.get())).isEqualTo(Duration.ofDays(90));
    }
}
