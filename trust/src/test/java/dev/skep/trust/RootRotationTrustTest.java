package dev.skep.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trust overlap of a root rotation: a certificate issued under the new root with the cross-signed
 * intermediate chains to the old root and to the new one; certificates of the old root are accepted by a
 * trust bundle holding both roots and refused once the old root is retired.
 */
class RootRotationTrustTest {
    private static final String AUTH = "ECDHE_ECDSA";
    final RootCA oldRoot = RootCA.create();
    final RootCA newRoot = RootCA.create();
    final X509Certificate crossSigned = oldRoot.crossSign(newRoot.certificate());

    /** A node certificate as the CA issues it during the rotation: new key, intermediate in the chain. */
    NodeCertificate renewed(String id, String role) {
        NodeCsr csr = NodeCsr.create();
        X509Certificate cert = RootCA.of(crossSigned, newRoot.key()).issue(csr.der(), id, role, "clu", null);
        return csr.withChain(List.of(cert, crossSigned), oldRoot.certificate());
    }

    static ClusterTrustManager trusting(RootCA... roots) {
        return ClusterTrustManager.peers(
                java.util.Arrays.stream(roots).map(RootCA::certificate).toList(), "clu", null);
    }

    @Test
    void theCrossSignedIntermediateIsTheNewRootCertifiedByTheOldOne() throws Exception {
        assertThat(crossSigned.getSubjectX500Principal())
                .isEqualTo(newRoot.certificate().getSubjectX500Principal());
        assertThat(crossSigned.getPublicKey()).isEqualTo(newRoot.certificate().getPublicKey());
        assertThat(crossSigned.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(newRoot.isSameAuthority(crossSigned)).isTrue();
        assertThat(oldRoot.isSameAuthority(crossSigned)).isFalse();
        crossSigned.verify(oldRoot.certificate().getPublicKey());
        assertThatThrownBy(() -> crossSigned.verify(newRoot.certificate().getPublicKey()))
                .isInstanceOf(java.security.SignatureException.class);
    }

    @Test
    void aCertificateOfTheNewRootVerifiesAgainstTheOldRootThroughTheIntermediate() throws Exception {
        NodeCertificate node = renewed("n1", RootCA.WORKER);
        X509Certificate[] presented = {node.certificate(), crossSigned};
        trusting(oldRoot).checkClientTrusted(presented, AUTH);
        trusting(oldRoot).checkServerTrusted(node.chain(), AUTH);
        assertThatThrownBy(() -> trusting(oldRoot).checkClientTrusted(new X509Certificate[] {node.certificate()}, AUTH))
                .as("without the intermediate the old root cannot vouch for the new key")
                .isInstanceOf(CertificateException.class);
    }

    @Test
    void aCertificateOfTheNewRootVerifiesAgainstTheNewRootWithOrWithoutTheIntermediate() throws Exception {
        NodeCertificate node = renewed("n1", RootCA.MANAGER);
        trusting(newRoot).checkClientTrusted(new X509Certificate[] {node.certificate(), crossSigned}, AUTH);
        trusting(newRoot).checkServerTrusted(new X509Certificate[] {node.certificate()}, AUTH);
        assertThat(newRoot.isValid(node.certificate())).isTrue();
    }

    @Test
    void theBundleAcceptsBothRootsAndTheRetiredRootIsRefused() throws Exception {
        NodeCertificate old = TlsHandshakeTest.node(oldRoot, "n2", RootCA.WORKER, "clu");
        NodeCertificate renewed = renewed("n1", RootCA.WORKER);
        ClusterTrustManager bundle = trusting(oldRoot, newRoot);
        bundle.checkClientTrusted(old.chain(), AUTH);
        bundle.checkClientTrusted(renewed.chain(), AUTH);
        assertThat(bundle.getAcceptedIssuers()).containsExactly(oldRoot.certificate(), newRoot.certificate());
        assertThatThrownBy(() -> trusting(newRoot).checkClientTrusted(old.chain(), AUTH))
                .isInstanceOf(CertificateException.class);
    }

    @Test
    void aRenewedNodeAndAnOldOneShakeHandsEitherWay() throws Exception {
        NodeCertificate old = TlsHandshakeTest.node(oldRoot, "m1", RootCA.MANAGER, "clu");
        NodeCertificate renewed = renewed("m2", RootCA.MANAGER);
        handshake(TlsContexts.serverContext(old, true), TlsContexts.clientContext(renewed));
        handshake(TlsContexts.serverContext(renewed, true), TlsContexts.clientContext(old));
    }

    @Test
    void theIntermediateIsKeptOnDiskAfterTheNodeCertificate(@TempDir Path dir) {
        NodeCertificate renewed = renewed("n1", RootCA.WORKER);
        renewed.save(dir);
        NodeCertificate loaded = NodeCertificate.load(dir);
        assertThat(loaded.certificate()).isEqualTo(renewed.certificate());
        assertThat(loaded.intermediates()).containsExactly(crossSigned);
        assertThat(loaded.chain()).containsExactly(renewed.certificate(), crossSigned, oldRoot.certificate());
        assertThat(loaded.withCertificate(renewed.certificate()).intermediates())
                .isEmpty();
    }

    @Test
    void aTrustManagerOnTrustRootsFollowsTheRotation() throws Exception {
        NodeCertificate old = TlsHandshakeTest.node(oldRoot, "n2", RootCA.WORKER, "clu");
        NodeCertificate onlyNew = TlsHandshakeTest.node(newRoot, "n3", RootCA.WORKER, "clu");
        TrustRoots roots = new TrustRoots(List.of(oldRoot.certificate()));
        ClusterTrustManager tm = ClusterTrustManager.peers(roots, "clu", null);
        tm.checkClientTrusted(old.chain(), AUTH);
        assertThatThrownBy(() -> tm.checkClientTrusted(onlyNew.chain(), AUTH)).isInstanceOf(CertificateException.class);

        roots.set(List.of(oldRoot.certificate(), newRoot.certificate()));
        tm.checkClientTrusted(old.chain(), AUTH);
        tm.checkClientTrusted(onlyNew.chain(), AUTH);
        assertThat(tm.getAcceptedIssuers()).containsExactly(oldRoot.certificate(), newRoot.certificate());

        roots.set(List.of(newRoot.certificate()));
        tm.checkClientTrusted(onlyNew.chain(), AUTH);
        assertThatThrownBy(() -> tm.checkClientTrusted(old.chain(), AUTH))
                .as("the retired root")
                .isInstanceOf(CertificateException.class);
        assertThatThrownBy(
                        () -> ClusterTrustManager.peers(roots, "other", null).checkServerTrusted(onlyNew.chain(), AUTH))
                .isInstanceOf(CertificateException.class);
    }

    @Test
    void aSecurityConfigsTrustFollowsTheRotationOnNewHandshakesOfTheSameContext() throws Exception {
        SecurityConfig node = SecurityConfig.inMemory(renewed("n1", RootCA.MANAGER));
        SSLContext client = SSLContext.getInstance("TLSv1.3");
        client.init(
                new javax.net.ssl.KeyManager[] {node.keyManager()},
                TlsContexts.trustManagerFactory(node, RootCA.MANAGER).getTrustManagers(),
                null);
        SSLContext oldServer =
                TlsContexts.serverContext(TlsHandshakeTest.node(oldRoot, "m2", RootCA.MANAGER, "clu"), true);
        SSLContext newServer =
                TlsContexts.serverContext(TlsHandshakeTest.node(newRoot, "m3", RootCA.MANAGER, "clu"), true);
        assertThat(node.trustRoots().get()).containsExactly(oldRoot.certificate());
        handshake(oldServer, client);
        assertThatThrownBy(() -> handshake(newServer, client))
                .as("the new root is not trusted yet")
                .isInstanceOf(IOException.class);

        node.trust(List.of(oldRoot.certificate(), newRoot.certificate()));
        handshake(oldServer, client);
        handshake(newServer, client);

        node.update(node.current().withRootCa(newRoot.certificate())); // the rotation finished
        assertThat(node.trustRoots().get()).containsExactly(newRoot.certificate());
        handshake(newServer, client);
        assertThatThrownBy(() -> handshake(oldServer, client))
                .as("the retired root")
                .isInstanceOf(IOException.class);
    }

    private static void handshake(SSLContext server, SSLContext client) throws Exception {
        try (SSLServerSocket listener = (SSLServerSocket)
                server.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Integer> served = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                    s.startHandshake();
                    int b = s.getInputStream().read();
                    s.getOutputStream().write(b);
                    s.getOutputStream().flush();
                    return b;
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            try (SSLSocket s = (SSLSocket)
                    client.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                s.getOutputStream().write(7);
                s.getOutputStream().flush();
                assertThat(s.getInputStream().read()).isEqualTo(7);
            }
            assertThatCode(() -> served.get(10, TimeUnit.SECONDS)).doesNotThrowAnyException();
        }
    }
}
