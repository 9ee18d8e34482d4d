package dev.skep.store.raft;

import static dev.skep.store.StoreFixtures.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.api.model.Service;
import dev.skep.api.time.ManualTimer;
import dev.skep.store.MemoryStore;
import dev.skep.store.raft.testing.RaftCluster;
import dev.skep.trust.NodeCertificate;
import dev.skep.trust.NodeCsr;
import dev.skep.trust.RootCA;
import dev.skep.trust.SecurityConfig;
import dev.skep.trust.TlsContexts;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;
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
        return certify(nodeId, null);
    }

    private NodeCertificate certify(String nodeId, Duration validity) {
        NodeCsr csr = NodeCsr.create();
        return csr.withCertificate(
                ca.issue(csr.der(), nodeId, RootCA.MANAGER, "test-cluster", validity), ca.certificate());
    }

    /**
     * Both sides of a connection made after a renewal: m1's first certificate has expired by the time m2 joins, so
     * m2 (which checks every peer's certificate, expiry included) accepts neither m1's appends (m1 as the client)
     * nor m1's answers (m1 as the server) unless both present the renewed certificate.
     */
    @Test
    void aMemberWhoseFirstCertificateExpiredAfterItsRenewalIsAcceptedByANewMember() throws Exception {
        Map<String, SecurityConfig> identities = new ConcurrentHashMap<>();
        identities.put("m1", SecurityConfig.inMemory(certify("m1", Duration.ofSeconds(3))));
        try (RaftCluster c = new RaftCluster(
                dir,
                timer.clock(),
                cfg -> cfg.withTls(RaftConfig.Tls.renewable(
                        identities.computeIfAbsent(cfg.peerId(), id -> SecurityConfig.inMemory(certify(id))),
                        RootCA.MANAGER_OU)))) {
            RaftCluster.Node m1 = c.first("m1");
            X509Certificate first = identities.get("m1").current().certificate();
            identities.get("m1").update(certify("m1"));
            Duration untilExpired = Duration.between(
                    Instant.now(), first.getNotAfter().toInstant().plusSeconds(1));
            if (!untilExpired.isNegative()) Thread.sleep(untilExpired.toMillis());

            RaftCluster.Node m2 = c.join("m2");
            m1.store().update(tx -> tx.create(service("s1", "web")));

            Instant deadline = Instant.now().plus(RaftCluster.PATIENCE);
            Service replicated = null;
            while (replicated == null && Instant.now().isBefore(deadline)) {
                replicated = m2.store().view(tx -> tx.services().get("s1"));
                if (replicated == null) Thread.sleep(100);
            }
            assertThat(replicated).as("s1 replicated to the new member").isNotNull();
        }
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

    /**
     * Issue 12 point 4: the Raft port judges each new connection by the member's live trust set, so a root rotation
     * (both roots while it runs, the new one once it finished) needs no restart of the member.
     */
    @Test
    void newRaftConnectionsAreJudgedByTheLiveTrustRoots() throws Exception {
        RootCA newRoot = RootCA.create();
        X509Certificate crossSigned = ca.crossSign(newRoot.certificate());
        // The member was renewed during the rotation: its chain leads to either root, so both peers accept it.
        NodeCsr own = NodeCsr.create();
        SecurityConfig security = SecurityConfig.inMemory(own.withChain(
                List.of(
                        RootCA.of(crossSigned, newRoot.key())
                                .issue(own.der(), "node-1", RootCA.MANAGER, "test-cluster", null),
                        crossSigned),
                ca.certificate()));
        NodeCertificate oldPeer = certify("node-2");
        NodeCsr csr = NodeCsr.create();
        NodeCertificate newPeer = csr.withCertificate(
                newRoot.issue(csr.der(), "node-3", RootCA.MANAGER, "test-cluster", null), newRoot.certificate());
        int port = freePort();
        RaftConfig config = RaftConfig.single(dir, "node-1", "127.0.0.1:" + port, true)
                .withTls(RaftConfig.Tls.renewable(security, RootCA.MANAGER_OU));
        try (RaftStore raft = RaftStore.start(new MemoryStore(timer.clock()), config)) {
            assertThat(acceptedBy(port, oldPeer)).isTrue();
            assertThat(acceptedBy(port, newPeer))
                    .as("the new root before the rotation")
                    .isFalse();

            security.trust(List.of(ca.certificate(), newRoot.certificate()));
            assertThat(acceptedBy(port, oldPeer)).isTrue();
            assertThat(acceptedBy(port, newPeer)).isTrue();

            security.trust(List.of(newRoot.certificate()));
            assertThat(acceptedBy(port, newPeer)).isTrue();
            assertThat(acceptedBy(port, oldPeer)).as("the retired root").isFalse();
        }
    }

    /**
     * Whether the Raft port takes {@code client} on a new connection: after the handshake, it answers the HTTP/2
     * preface with its settings only if it accepted the client's certificate (TLS 1.3 checks it after the client's
     * handshake is done, so a refusal shows as an alert on the first read).
     */
    private static boolean acceptedBy(int port, NodeCertificate client) throws IOException {
        var context = TlsContexts.clientContext(client);
        try (SSLSocket s =
                (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            SSLParameters p = s.getSSLParameters();
            p.setApplicationProtocols(new String[] {"h2"});
            s.setSSLParameters(p);
            s.startHandshake();
            s.getOutputStream().write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0}); // an empty SETTINGS frame
            s.getOutputStream().flush();
            return s.getInputStream().read() >= 0;
        } catch (SSLException | SocketException e) {
            return false;
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
