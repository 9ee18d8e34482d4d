package dev.skep.store.raft;

import static dev.skep.store.StoreFixtures.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.api.model.Service;
import dev.skep.api.time.ManualTimer;
import dev.skep.store.MemoryStore;
import dev.skep.trust.NodeCertificate;
import dev.skep.trust.NodeCsr;
import dev.skep.trust.RootCA;
import dev.skep.trust.SecurityConfig;
import dev.skep.trust.TlsContexts;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Raft transport (Ratis over gRPC and its shaded Netty) asks the member's key manager on every handshake: after
 * a renewal, a new connection to the Raft port sees the new certificate, and the member goes on committing.
 */
@Tag("slow")
class RaftTlsRenewalTest {
    private final RootCA ca = RootCA.create();
    private final ManualTimer timer = new ManualTimer();

    @TempDir
    Path dir;

    private NodeCertificate certify(String nodeId) {
        NodeCsr csr = NodeCsr.create();
        return csr.withCertificate(ca.issue(csr.der(), nodeId, RootCA.MANAGER, "test-cluster", null), ca.certificate());
    }

    @Test
    void newRaftConnectionsSeeTheRenewedCertificate() throws Exception {
        SecurityConfig security = SecurityConfig.inMemory(certify("node-1"));
        int port = freePort();
        RaftConfig config = RaftConfig.single(dir, "node-1", "127.0.0.1:" + port, true)
                .withTls(RaftConfig.Tls.renewable(security, RootCA.MANAGER_OU));
        MemoryStore store = new MemoryStore(timer.clock());
        try (RaftStore raft = RaftStore.start(store, config)) {
            store.update(tx -> tx.create(service("s1", "web")));
            assertThat(serverSerial(port, security)).isEqualTo(serial(security.current()));

            NodeCertificate renewed = certify("node-1");
            security.update(renewed);

            assertThat(serverSerial(port, security)).isEqualTo(serial(renewed));
            store.update(tx -> tx.create(service("s2", "api")));
            Service s2 = store.view(tx -> tx.services().get("s2"));
            assertThat(s2).isNotNull();
        }
    }

    /** The certificate the Raft port shows in a fresh mutual-TLS handshake (ALPN h2, as gRPC offers). */
    private static BigInteger serverSerial(int port, SecurityConfig client) throws IOException {
        var context = TlsContexts.clientContext(client.current());
        try (SSLSocket s =
                (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
            SSLParameters p = s.getSSLParameters();
            p.setApplicationProtocols(new String[] {"h2"});
            s.setSSLParameters(p);
            s.startHandshake();
            return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }

    private static BigInteger serial(NodeCertificate c) {
        return c.certificate().getSerialNumber();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
