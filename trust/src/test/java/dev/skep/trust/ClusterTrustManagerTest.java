package dev.skep.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

/** The one trust manager's policies, judged on chains directly (the handshakes are in TlsHandshakeTest). */
class ClusterTrustManagerTest {
    private static final String AUTH = "ECDHE_ECDSA";
    final RootCA ca = RootCA.create();
    final NodeCertificate manager = TlsHandshakeTest.node(ca, "m1", RootCA.MANAGER, "clu");
    final NodeCertificate worker = TlsHandshakeTest.node(ca, "w1", RootCA.WORKER, "clu");
    final NodeCertificate stranger = TlsHandshakeTest.node(RootCA.create(), "s1", RootCA.MANAGER, "clu");

    @Test
    void peersTakeTheRequiredRoleAsARoleOrAsItsOu() throws Exception {
        for (String required : new String[] {RootCA.MANAGER, RootCA.MANAGER_OU}) {
            ClusterTrustManager tm = ClusterTrustManager.peers(ca.certificate(), "clu", required);
            tm.checkClientTrusted(manager.chain(), AUTH);
            tm.checkServerTrusted(manager.chain(), AUTH);
            assertThatThrownBy(() -> tm.checkClientTrusted(worker.chain(), AUTH))
                    .isInstanceOf(CertificateException.class)
                    .hasMessage("peer is a worker, a manager is required");
        }
        assertThatThrownBy(() -> ClusterTrustManager.peers(ca.certificate(), "clu", "swarm-admin"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void peersOfAnotherClusterOrRootAreRefused() {
        ClusterTrustManager tm = ClusterTrustManager.peers(ca.certificate(), "other", null);
        assertThatThrownBy(() -> tm.checkServerTrusted(worker.chain(), AUTH))
                .isInstanceOf(CertificateException.class)
                .hasMessage("certificate is for cluster clu, not other");
        ClusterTrustManager ours = ClusterTrustManager.peers(ca.certificate(), "clu", null);
        assertThatThrownBy(() -> ours.checkClientTrusted(stranger.chain(), AUTH))
                .isInstanceOf(CertificateException.class);
        assertThatThrownBy(() -> ours.checkClientTrusted(new X509Certificate[0], AUTH))
                .isInstanceOf(CertificateException.class);
        assertThat(ours.getAcceptedIssuers()).containsExactly(ca.certificate());
    }

    @Test
    void aJoiningNodeTrustsAnyServerAndNoClient() {
        ClusterTrustManager tm = ClusterTrustManager.joining();
        assertThatCode(() -> tm.checkServerTrusted(stranger.chain(), AUTH)).doesNotThrowAnyException();
        assertThatThrownBy(() -> tm.checkClientTrusted(manager.chain(), AUTH)).isInstanceOf(CertificateException.class);
        assertThat(tm.getAcceptedIssuers()).isEmpty();
    }

    @Test
    void theClusterPortLetsAnyClientThroughForThePerCallCheckAndIsNoServerTrust() {
        ClusterTrustManager tm = ClusterTrustManager.clientsCheckedPerCall(ca.certificate());
        assertThatCode(() -> tm.checkClientTrusted(stranger.chain(), AUTH)).doesNotThrowAnyException();
        assertThatThrownBy(() -> tm.checkServerTrusted(manager.chain(), AUTH)).isInstanceOf(CertificateException.class);
        assertThat(tm.getAcceptedIssuers()).containsExactly(ca.certificate());
    }

    @Test
    void nodeIdentityReadsTheSubjectAndNamesRolesAsSwarmDoes() {
        assertThat(NodeIdentity.of(worker.certificate())).isEqualTo(new NodeIdentity("w1", RootCA.WORKER, "clu"));
        assertThat(NodeIdentity.of(ca.certificate())).isEqualTo(new NodeIdentity(RootCA.CA_CN, null, null));
        assertThat(NodeIdentity.roleOf(RootCA.WORKER_OU)).isEqualTo(RootCA.WORKER);
        assertThat(NodeIdentity.ou(RootCA.MANAGER)).isEqualTo(RootCA.MANAGER_OU);
        assertThat(NodeIdentity.roleOf("swarm-admin")).isNull();
    }
}
