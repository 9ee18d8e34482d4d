package dev.skep.manager.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skep.api.errors.ApiException;
import dev.skep.api.json.Json;
import dev.skep.api.model.Cluster;
import dev.skep.api.model.Node;
import dev.skep.api.model.TlsInfo;
import dev.skep.api.time.ManualTimer;
import dev.skep.manager.Idle;
import dev.skep.manager.controlapi.ClusterApi;
import dev.skep.store.MemoryStore;
import dev.skep.trust.JoinTokens;
import dev.skep.trust.NodeCertificate;
import dev.skep.trust.NodeCsr;
import dev.skep.trust.Pem;
import dev.skep.trust.RootCA;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A root CA rotation on a real in-memory store: started by a cluster update as {@code docker swarm ca --rotate}
 * sends it, certificates issued under the new root with the cross-signed intermediate meanwhile, and finished by
 * the reconciler once every node reports a certificate from the new root.
 */
class RootRotationTest {
    final ManualTimer timer = new ManualTimer(Instant.parse("2030-06-01T00:00:00Z"));
    final MemoryStore store = new MemoryStore(timer.clock());
    final CertificateAuthority ca = new CertificateAuthority(store, timer.clock());
    final ClusterApi clusterApi = new ClusterApi(store, timer.clock());
    final RootRotationReconciler reconciler = new RootRotationReconciler(store, timer);
    CertificateAuthority.Bootstrap boot;
    RootCA oldRoot;

    @BeforeEach
    void init() {
        boot = CertificateAuthority.bootstrap("clusterid1", "managerid1", timer.clock());
        oldRoot = boot.rootCa();
        Cluster fresh = new Cluster(
                "clusterid1",
                null,
                null,
                null,
                new Cluster.Spec(
                        "default",
                        Map.of(),
                        null,
                        null,
                        null,
                        new Cluster.CaConfig(null, null, null, null, null),
                        null,
                        null),
                new TlsInfo(null, null, null),
                false,
                4789L,
                null,
                24L,
                null);
        store.update(tx -> tx.create(boot.applyTo(fresh)));
        reconciler.start();
        addNode("managerid1", boot.node());
    }

    @AfterEach
    void stop() {
        reconciler.stop();
    }

    /** A root as a verifier sees it at the test's time. */
    private RootCA root(String pem) {
        return RootCA.fromPem(pem, null).withClock(timer.clock());
    }

    private Cluster cluster() {
        return store.view(tx -> tx.cluster());
    }

    /** The spec as a client reads it ({@code GET /swarm}) with this CAConfig, sent back to {@code swarm/update}. */
    private void update(Long forceRotate, String cert, String key, List<Map<String, Object>> externalCas) {
        Cluster read = cluster().withoutSecrets();
        Cluster.Spec s = read.spec();
        Cluster.CaConfig c = s.caConfig();
        Cluster.Spec sent = new Cluster.Spec(
                s.name(),
                s.labels(),
                s.orchestration(),
                s.raft(),
                s.dispatcher(),
                new Cluster.CaConfig(c.nodeCertExpiry(), externalCas, cert, key, forceRotate),
                s.encryptionConfig(),
                s.taskDefaults());
        clusterApi.update(read.version().value(), sent, false, false);
        Idle.await(reconciler);
    }

    private void rotate() {
        Long force = cluster().spec().caConfig().forceRotate();
        update(force == null ? 1 : force + 1, null, null, null);
    }

    private void addNode(String id, NodeCertificate cert) {
        store.update(tx -> tx.create(new Node(
                id,
                null,
                null,
                null,
                new Node.Spec(null, Map.of(), cert.role(), "active"),
                new Node.Description(id, null, null, null, ClusterCa.tlsInfo(cert)),
                new Node.Status("ready", null, "10.0.0.1"),
                null)));
        Idle.await(reconciler);
    }

    /** The node reports the TLS identity it now uses, as its session or role check does. */
    private void report(String id, NodeCertificate cert) {
        store.update(tx -> {
            Node n = tx.nodes().get(id);
            Node.Description d = n.description();
            tx.update(n.withDescription(new Node.Description(
                    d.hostname(), d.platform(), d.resources(), d.engine(), ClusterCa.tlsInfo(cert))));
        });
        Idle.await(reconciler);
    }

    private NodeCertificate join(String token) {
        NodeCsr csr = NodeCsr.create();
        CertificateAuthority.IssueResult r = ca.issue(token, csr.der());
        return csr.withChain(r.chain(), r.rootCa());
    }

    private NodeCertificate renew(NodeCertificate current) {
        NodeCsr csr = NodeCsr.create();
        CertificateAuthority.IssueResult r = ca.renew(current.certificate(), csr.der(), null);
        return csr.withChain(r.chain(), r.rootCa());
    }

    @Test
    void forceRotateStartsARotationThatClientsSeeWithoutItsKey() {
        Cluster.JoinTokens tokens = cluster().joinTokens();
        rotate();
        Cluster c = cluster();
        assertThat(c.rootRotation()).isNotNull();
        assertThat(c.rootRotationInProgress()).isTrue();
        assertThat(c.tlsInfo().trustRoot()).isEqualTo(oldRoot.certificatePem());
        assertThat(c.joinTokens()).isEqualTo(tokens);
        assertThat(c.spec().caConfig().signingCAKey()).isEqualTo(oldRoot.keyPem());
        X509Certificate next = Pem.certificate(c.rootRotation().caCert());
        X509Certificate cross = Pem.certificate(c.rootRotation().crossSignedCaCert());
        assertThat(cross.getPublicKey()).isEqualTo(next.getPublicKey());
        assertThat(oldRoot.isValid(cross)).isTrue();

        Cluster shown = c.withoutSecrets();
        assertThat(shown.rootRotationInProgress()).isTrue();
        String json = Json.text(shown);
        assertThat(json).doesNotContain("RootRotation\"").doesNotContain("PRIVATE KEY");
        assertThat(json).contains("\"RootRotationInProgress\":true");
    }

    @Test
    void theSameForceRotateStartsNothing() {
        Long force = cluster().spec().caConfig().forceRotate();
        update(force, null, null, null);
        assertThat(cluster().rootRotation()).isNull();
        assertThat(cluster().rootRotationInProgress()).isFalse();
    }

    @Test
    void certificatesIssuedDuringTheRotationChainToTheOldAndTheNewRoot() throws Exception {
        rotate();
        RootCA next = root(cluster().rootRotation().caCert());
        NodeCertificate joined = join(cluster().joinTokens().worker());
        assertThat(joined.intermediates()).hasSize(1);
        assertThat(joined.rootCa()).isEqualTo(oldRoot.certificate());
        assertThat(next.isValid(joined.certificate())).isTrue();
        assertThat(oldRoot.isValid(joined.certificate())).isFalse();
        // The chain the node presents leads to the old root (PKIX on it is in trust's RootRotationTrustTest).
        X509Certificate intermediate = joined.intermediates().get(0);
        joined.certificate().verify(intermediate.getPublicKey());
        assertThat(oldRoot.isValid(intermediate)).isTrue();
        // A node renewed under the new root can renew again (a role change) before the rotation ends.
        assertThat(next.isValid(renew(joined).certificate())).isTrue();
        assertThat(next.isValid(renew(boot.node()).certificate())).isTrue();
    }

    @Test
    void theRotationFinishesWhenEveryNodeHasACertificateFromTheNewRoot() {
        NodeCertificate worker = join(cluster().joinTokens().worker());
        addNode(worker.nodeId(), worker);
        Cluster.JoinTokens oldTokens = cluster().joinTokens();
        rotate();
        assertThat(reconciler.unconverged()).isEqualTo(2);
        RootCA next = root(cluster().rootRotation().caCert());

        NodeCertificate manager = renew(boot.node());
        report("managerid1", manager);
        assertThat(reconciler.unconverged()).isEqualTo(1);
        assertThat(cluster().rootRotation())
                .as("a node still on the old root holds it up")
                .isNotNull();

        NodeCertificate renewedWorker = renew(worker);
        report(worker.nodeId(), renewedWorker);
        Cluster done = cluster();
        assertThat(done.rootRotation()).isNull();
        assertThat(done.rootRotationInProgress()).isFalse();
        assertThat(done.tlsInfo()).isEqualTo(ClusterCa.tlsInfo(RootCA.fromPem(next.certificatePem(), null)));
        assertThat(ClusterCa.rootCa(done).certificate()).isEqualTo(next.certificate());
        assertThat(ClusterCa.rootCa(done).canSign()).isTrue();
        assertThat(done.joinTokens().worker()).isNotEqualTo(oldTokens.worker());
        assertThat(JoinTokens.checkRootCa(done.joinTokens().worker(), next.certificate()))
                .isTrue();
        assertThat(JoinTokens.checkRootCa(done.joinTokens().manager(), next.certificate()))
                .isTrue();
        assertThat(ca.rootCaCertificate()).isEqualTo(next.certificate());

        // The old root is retired: its certificates renew no more; the new root's need no intermediate.
        assertThatThrownBy(() -> renew(boot.node()))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("PermissionDenied");
        NodeCertificate after = renew(renewedWorker);
        assertThat(after.intermediates()).isEmpty();
        assertThat(next.isValid(after.certificate())).isTrue();
    }

    @Test
    void aRemovedNodeNoLongerHoldsTheRotationUp() {
        NodeCertificate worker = join(cluster().joinTokens().worker());
        addNode(worker.nodeId(), worker);
        rotate();
        report("managerid1", renew(boot.node()));
        assertThat(cluster().rootRotation()).isNotNull();
        store.update(tx -> tx.delete(tx.nodes().get(worker.nodeId())));
        Idle.await(reconciler);
        assertThat(cluster().rootRotation()).isNull();
    }

    @Test
    void aNewRotationReplacesTheOneUnderWay() {
        rotate();
        String first = cluster().rootRotation().caCert();
        report("managerid1", renew(boot.node()));
        // The only node converged: that rotation finished. Rotate twice more without any node renewing.
        assertThat(cluster().rootRotation()).isNull();
        rotate();
        String second = cluster().rootRotation().caCert();
        rotate();
        Cluster c = cluster();
        assertThat(c.rootRotation().caCert()).isNotEqualTo(second).isNotEqualTo(first);
        assertThat(reconciler.unconverged()).isEqualTo(1);
        X509Certificate cross = Pem.certificate(c.rootRotation().crossSignedCaCert());
        assertThat(root(first).isValid(cross))
                .as("cross-signed by the current root")
                .isTrue();
    }

    @Test
    void aGivenRootAndKeyAreRotatedTo() {
        RootCA mine = RootCA.create(timer.clock());
        update(null, mine.certificatePem(), mine.keyPem(), null);
        assertThat(cluster().rootRotation().caCert()).isEqualTo(mine.certificatePem());
        report("managerid1", renew(boot.node()));
        assertThat(ClusterCa.rootCa(cluster()).certificate()).isEqualTo(mine.certificate());
        // Giving the root in use again changes nothing.
        update(null, mine.certificatePem(), mine.keyPem(), null);
        assertThat(cluster().rootRotation()).isNull();
    }

    @Test
    void badRequestsAreRefusedWithWhatToFixAndChangeNothing() {
        RootCA other = RootCA.create(timer.clock());
        Cluster before = cluster();
        assertThatThrownBy(() -> update(null, null, null, List.of(Map.of("Protocol", "cfssl", "URL", "https://ca"))))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("external CAs are not supported")
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(400));
        assertThatThrownBy(() -> update(null, other.certificatePem(), null, null))
                .hasMessageContaining("external CAs are not supported");
        assertThatThrownBy(() -> update(null, null, other.keyPem(), null))
                .hasMessageContaining("the signing CA cert must also be provided");
        assertThatThrownBy(() ->
                        update(null, other.certificatePem(), RootCA.create().keyPem(), null))
                .hasMessageContaining("does not match");
        assertThatThrownBy(() -> update(null, "not a pem", other.keyPem(), null))
                .hasMessageContaining("invalid signing CA certificate");
        assertThatThrownBy(() -> update(
                        null,
                        boot.node().certificatePem(),
                        Pem.encode(boot.node().key()),
                        null))
                .hasMessageContaining("not a CA certificate");
        timer.advance(Duration.ofDays(365 * 20 - 100));
        assertThatThrownBy(() -> update(null, other.certificatePem(), other.keyPem(), null))
                .hasMessageContaining("expires too soon");
        assertThat(cluster().version()).isEqualTo(before.version());
    }
}
