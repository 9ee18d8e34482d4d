package dev.skep.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real handshakes over loopback with the contexts the cluster port uses. */
class TlsHandshakeTest {
    final RootCA ca = RootCA.create();
    final NodeCertificate manager = node(ca, "manager1", "manager", "clu");
    SSLServerSocket server;

    static NodeCertificate node(RootCA root, String id, String role, String cluster) {
        NodeCsr csr = NodeCsr.create();
        return csr.withCertificate(root.issue(csr.der(), id, role, cluster, null), root.certificate());
    }

    @AfterEach
    void close() throws IOException {
        if (server != null) server.close();
    }

    /** Serves one connection: completes the handshake, echoes one byte; returns the client's certificates. */
    private CompletableFuture<Certificate[]> serve(SSLContext context) throws IOException {
        server = (SSLServerSocket)
                context.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress());
        return CompletableFuture.supplyAsync(() -> {
            try (SSLSocket s = (SSLSocket) server.accept()) {
                s.startHandshake();
                s.getOutputStream().write(s.getInputStream().read());
                s.getOutputStream().flush();
                SSLSession session = s.getSession();
                try {
                    return session.getPeerCertificates();
                } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
                    return new Certificate[0];
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
    }

    /** Connects, sends a byte and reads it back: only possible if both sides accepted the handshake. */
    private SSLSession connect(SSLContext context) throws IOException {
        try (SSLSocket s = (SSLSocket)
                context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
            s.getOutputStream().write(42);
            s.getOutputStream().flush();
            int echoed = s.getInputStream().read();
            if (echoed != 42) throw new IOException("connection closed by the server");
            return s.getSession();
        }
    }

    @Test
    void mutualTlsBetweenClusterNodesSucceeds() throws Exception {
        NodeCertificate worker = node(ca, "worker1", "worker", "clu");
        CompletableFuture<Certificate[]> seen = serve(TlsContexts.serverContext(manager, true));
        SSLSession session = connect(TlsContexts.clientContext(worker));
        X509Certificate serverCert = (X509Certificate) session.getPeerCertificates()[0];
        assertThat(NodeIdentity.of(serverCert).nodeId()).isEqualTo("manager1");
        Certificate[] clientChain = seen.get(10, TimeUnit.SECONDS);
        assertThat(NodeIdentity.of((X509Certificate) clientChain[0]).nodeId()).isEqualTo("worker1");
        TlsContexts.verifyPeer(new X509Certificate[] {(X509Certificate) clientChain[0]}, manager, "worker");
    }

    @Test
    void aClientWithACertificateFromAnotherCaIsRefused() throws Exception {
        NodeCertificate stranger = node(RootCA.create(), "worker1", "worker", "clu");
        CompletableFuture<Certificate[]> seen = serve(TlsContexts.serverContext(manager, true));
        assertThatThrownBy(() -> connect(TlsContexts.clientContext(stranger))).isInstanceOf(IOException.class);
        assertThat(seen).failsWithin(10, TimeUnit.SECONDS);
    }

    @Test
    void aClientWithoutACertificateIsRefusedWhenClientAuthIsRequired() throws Exception {
        CompletableFuture<Certificate[]> seen = serve(TlsContexts.serverContext(manager, true));
        assertThatThrownBy(() -> connect(TlsContexts.clientContext(null))).isInstanceOf(IOException.class);
        assertThat(seen).failsWithin(10, TimeUnit.SECONDS);
    }

    @Test
    void aJoiningNodeWithoutACertificateReachesTheCaAndChecksTheRootAgainstItsToken() throws Exception {
        CompletableFuture<Certificate[]> seen = serve(TlsContexts.serverContext(manager, false));
        SSLSession session = connect(TlsContexts.clientContext(null));
        Certificate[] chain = session.getPeerCertificates();
        X509Certificate root = (X509Certificate) chain[chain.length - 1];
        String token = JoinTokens.token(ca.digest());
        assertThat(JoinTokens.checkRootCa(token, root)).isTrue();
        assertThat(seen.get(10, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void aServerFromAnotherCaIsRefusedByTheClient() throws Exception {
        NodeCertificate fakeManager = node(RootCA.create(), "manager9", "manager", "clu");
        serve(TlsContexts.serverContext(fakeManager, false));
        NodeCertificate worker = node(ca, "worker1", "worker", "clu");
        assertThatThrownBy(() -> connect(TlsContexts.clientContext(worker))).isInstanceOf(IOException.class);
    }

    @Test
    void aPeerOfAnotherClusterUnderTheSameRootIsRefused() throws Exception {
        NodeCertificate otherCluster = node(ca, "worker1", "worker", "other");
        CompletableFuture<Certificate[]> seen = serve(TlsContexts.serverContext(manager, true));
        assertThatThrownBy(() -> connect(TlsContexts.clientContext(otherCluster)))
                .isInstanceOf(IOException.class);
        assertThat(seen).failsWithin(10, TimeUnit.SECONDS);
    }

    @Test
    void clientsOnlyTrustManagersAsServers() throws Exception {
        NodeCertificate workerAsServer = node(ca, "worker2", "worker", "clu");
        serve(TlsContexts.serverContext(workerAsServer, false));
        assertThatThrownBy(() -> connect(TlsContexts.clientContext(manager))).isInstanceOf(IOException.class);
    }

    @Test
    void verifyPeerChecksRootClusterAndRole() throws Exception {
        NodeCertificate worker = node(ca, "w", "worker", "clu");
        TlsContexts.verifyPeer(worker.chain(), ca.certificate(), "clu", null);
        assertThatThrownBy(() -> TlsContexts.verifyPeer(worker.chain(), ca.certificate(), "clu", "manager"))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("manager is required");
        assertThatThrownBy(() -> TlsContexts.verifyPeer(worker.chain(), ca.certificate(), "nope", null))
                .hasMessageContaining("not nope");
        assertThatThrownBy(() ->
                        TlsContexts.verifyPeer(worker.chain(), RootCA.create().certificate(), "clu", null))
                .isInstanceOf(CertificateException.class);
        assertThatThrownBy(() -> TlsContexts.verifyPeer(new X509Certificate[0], ca.certificate(), "clu", null))
                .hasMessageContaining("no certificate");
        assertThat(TlsContexts.keyManagerFactory(worker).getKeyManagers()).isNotEmpty();
        assertThat(TlsContexts.trustManagerFactory(worker, "manager").getTrustManagers())
                .hasSize(1);
    }
}
