package dev.skep.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.api.model.Cluster;
import dev.skep.api.model.Node;
import dev.skep.api.time.ManualTimer;
import dev.skep.manager.ca.CertificateAuthority;
import dev.skep.store.MemoryStore;
import dev.skep.trust.NodeCsr;
import dev.skep.trust.NodeIdentity;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JoinIssuerTest {
    private static final String FIRST = "managerid1";
    private final ManualTimer timer = new ManualTimer();
    private final MemoryStore store = new MemoryStore(timer.clock());
    private final JoinIssuer issuer = new JoinIssuer(new CertificateAuthority(store, timer.clock()), store);

    @BeforeEach
    void init() {
        CertificateAuthority.Bootstrap boot = CertificateAuthority.bootstrap("clusterid1", FIRST, timer.clock());
        Cluster fresh = new Cluster(
                "clusterid1",
                null,
                null,
                null,
                new Cluster.Spec("default", Map.of(), null, null, null, null, null, null),
                null,
                false,
                4789L,
                null,
                24L,
                null);
        store.update(tx -> {
            tx.create(boot.applyTo(fresh));
            tx.create(new Node(
                    FIRST,
                    null,
                    null,
                    null,
                    new Node.Spec("first", Map.of(), "manager", "active"),
                    null,
                    new Node.Status("ready", null, "10.0.0.1"),
                    new Node.ManagerStatus(true, "reachable", "10.0.0.1:2377")));
        });
    }

    private Cluster.JoinTokens tokens() {
        return store.view(tx -> tx.cluster().joinTokens());
    }

    private Node stored(String id) {
        return store.view(tx -> tx.nodes().get(id));
    }

    @Test
    void everyJoinIsANewNodeAndLeavesTheExistingOnesAlone() {
        Node before = stored(FIRST);

        X509Certificate worker =
                issuer.issue(tokens().worker(), NodeCsr.create().der());
        X509Certificate manager =
                issuer.issue(tokens().manager(), NodeCsr.create().der());

        NodeIdentity w = NodeIdentity.of(worker);
        NodeIdentity m = NodeIdentity.of(manager);
        assertThat(w.nodeId()).isNotEqualTo(FIRST).isNotEqualTo(m.nodeId());
        assertThat(m.nodeId()).isNotEqualTo(FIRST);
        assertThat(stored(FIRST))
                .as("the first manager's record and role are untouched")
                .isEqualTo(before);
        assertThat(stored(w.nodeId()).spec().role()).isEqualTo("worker");
        assertThat(stored(m.nodeId()).spec().role()).isEqualTo("manager");
        assertThat(stored(m.nodeId()).managerStatus()).isNotNull();
        List<Node> all = store.view(tx -> List.copyOf(tx.nodes().all()));
        assertThat(all).hasSize(3);
    }
}
