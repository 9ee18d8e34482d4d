package dev.skep.manager.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skep.api.errors.ApiException;
import dev.skep.api.json.Json;
import dev.skep.api.model.Cluster;
import dev.skep.api.model.TlsInfo;
import dev.skep.api.time.ManualTimer;
import dev.skep.manager.controlapi.ClusterApi;
import dev.skep.store.MemoryStore;
import dev.skep.trust.JoinTokens;
import dev.skep.trust.NodeCertificate;
import dev.skep.trust.NodeCsr;
import dev.skep.trust.NodeIdentity;
import dev.skep.trust.RootCA;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {
    final ManualTimer timer = new ManualTimer(Instant.parse("2030-06-01T00:00:00Z"));
    final MemoryStore store = new MemoryStore(timer.clock());
    final CertificateAuthority ca = new CertificateAuthority(store, timer.clock());
    final ClusterApi clusterApi = new ClusterApi(store);
    CertificateAuthority.Bootstrap boot;

    @BeforeEach
    void init() {
        boot = CertificateAuthority.bootstrap("clusterid1", "managerid1", timer.clock());
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
                        new Cluster.CaConfig(Duration.ofDays(30).toNanos(), null, null, null, null),
                        null,
                        null),
                new TlsInfo(null, null, null),
                false,
                4789L,
                null,
                24L,
                null);
        store.update(tx -> tx.create(boot.applyTo(fresh)));
    }

    private Cluster cluster() {
        return store.view(tx -> tx.cluster());
    }

    @Test
    void bootstrapMakesTheFirstManagerAndRecordsTheRootInTheCluster() throws Exception {
        NodeCertificate first = boot.node();
        assertThat(first.nodeId()).isEqualTo("managerid1");
        assertThat(first.role()).isEqualTo("manager");
        assertThat(first.clusterId()).isEqualTo("clusterid1");
        boot.rootCa().verify(first.certificate());

        Cluster c = cluster();
        assertThat(c.tlsInfo().trustRoot()).isEqualTo(boot.rootCa().certificatePem());
        assertThat(Base64.getDecoder().decode(c.tlsInfo().certIssuerSubject()))
                .isEqualTo(boot.rootCa().certificate().getSubjectX500Principal().getEncoded());
        assertThat(c.spec().caConfig().signingCAKey()).isEqualTo(boot.rootCa().keyPem());
        assertThat(c.spec().caConfig().nodeCertExpiry())
                .isEqualTo(Duration.ofDays(30).toNanos());
        assertThat(JoinTokens.checkRootCa(c.joinTokens().worker(), ca.rootCaCertificate()))
                .isTrue();
        assertThat(ca.rootCaPem()).isEqualTo(boot.rootCa().certificatePem());
    }

    @Test
    void workerAndManagerTokensGiveTheirRoles() throws Exception {
        Cluster.JoinTokens tokens = cluster().joinTokens();
        NodeCsr csr = NodeCsr.create();
        CertificateAuthority.IssueResult worker = ca.issue(tokens.worker(), csr.der());
        assertThat(worker.role()).isEqualTo("worker");
        assertThat(worker.nodeId()).matches("[0-9a-z]{25}");
        assertThat(NodeIdentity.of(worker.certificate()).nodeId()).isEqualTo(worker.nodeId());
        assertThat(NodeIdentity.of(worker.certificate()).clusterId()).isEqualTo("clusterid1");
        assertThat(worker.rootCa()).isEqualTo(boot.rootCa().certificate());
        assertThat(worker.certificate().getNotAfter().toInstant())
                .isEqualTo(timer.clock().instant().plus(Duration.ofDays(30)));
        NodeCertificate node = csr.withCertificate(worker.certificate(), worker.rootCa());
        assertThat(node.role()).isEqualTo("worker");

        CertificateAuthority.IssueResult manager =
                ca.issue(tokens.manager(), NodeCsr.create().der());
        assertThat(manager.role()).isEqualTo("manager");
        assertThat(manager.nodeId()).matches("[0-9a-z]{25}").isNotEqualTo(worker.nodeId());
        assertThat(NodeIdentity.of(manager.certificate()).role()).isEqualTo("manager");
    }

    @Test
    void aWrongTokenIsRefusedWithSwarmKitsMessage() {
        String foreign = ClusterCa.newJoinTokens(RootCA.create()).manager();
        for (String bad : new String[] {foreign, "SWMTKN-1-nonsense", null}) {
            assertThatThrownBy(() -> ca.issue(bad, NodeCsr.create().der()))
                    .isInstanceOf(ApiException.class)
                    .hasMessage(
                            "rpc error: code = InvalidArgument desc = A valid join token is necessary to join this cluster")
                    .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(400));
        }
    }

    @Test
    void rotationInvalidatesTheOldSecretAndKeepsTheSigningKey() {
        Cluster before = cluster();
        String oldWorker = before.joinTokens().worker();
        // The client sends back the spec it read, which never carries the signing key.
        clusterApi.update(before.version().value(), before.withoutSecrets().spec(), true, false);
        Cluster after = cluster();
        assertThat(after.joinTokens().worker()).isNotEqualTo(oldWorker);
        assertThat(after.joinTokens().manager()).isEqualTo(before.joinTokens().manager());
        assertThat(JoinTokens.checkRootCa(
                        after.joinTokens().worker(), boot.rootCa().certificate()))
                .isTrue();
        assertThat(after.spec().caConfig().signingCAKey())
                .isEqualTo(before.spec().caConfig().signingCAKey());

        assertThatThrownBy(() -> ca.issue(oldWorker, NodeCsr.create().der()))
                .hasMessageContaining("A valid join token is necessary to join this cluster");
        assertThat(ca.issue(after.joinTokens().worker(), NodeCsr.create().der()).role())
                .isEqualTo("worker");
    }

    @Test
    void theSigningKeyNeverLeavesThroughTheApiView() {
        Cluster c = cluster();
        String json = Json.text(c.withoutSecrets());
        assertThat(json)
                .doesNotContain("PRIVATE KEY")
                .doesNotContain("SigningCAKey\":\"")
                .contains("TrustRoot")
                .contains("JoinTokens");
        assertThat(c.withoutSecrets().spec().caConfig().nodeCertExpiry())
                .isEqualTo(Duration.ofDays(30).toNanos());
        assertThat(Json.text(c)).contains("PRIVATE KEY");
    }

    @Test
    void renewalKeepsTheIdentityAndCanChangeTheRole() {
        CertificateAuthority.IssueResult w =
                ca.issue(cluster().joinTokens().worker(), NodeCsr.create().der());
        CertificateAuthority.IssueResult promoted =
                ca.renew(w.certificate(), NodeCsr.create().der(), "manager");
        assertThat(promoted.nodeId()).isEqualTo(w.nodeId());
        assertThat(NodeIdentity.of(promoted.certificate()).role()).isEqualTo("manager");

        X509Certificate foreign = RootCA.create(timer.clock())
                .issue(NodeCsr.create().keyPair().getPublic(), "x", "manager", "clusterid1", null);
        assertThatThrownBy(() -> ca.renew(foreign, NodeCsr.create().der(), null))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("PermissionDenied");
    }

    @Test
    void anEmptyCsrIsAnInvalidArgument() {
        assertThatThrownBy(() -> ca.issue(cluster().joinTokens().worker(), new byte[0]))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("InvalidArgument");
    }

    @Test
    void newJoinTokensAreTwoSecretsForTheOneRoot() {
        RootCA root = RootCA.create(timer.clock());
        Cluster.JoinTokens tokens = ClusterCa.newJoinTokens(root);
        assertThat(tokens.worker()).isNotEqualTo(tokens.manager());
        assertThat(JoinTokens.checkRootCa(tokens.worker(), root.certificate())).isTrue();
        assertThat(JoinTokens.checkRootCa(tokens.manager(), root.certificate())).isTrue();
    }
}
