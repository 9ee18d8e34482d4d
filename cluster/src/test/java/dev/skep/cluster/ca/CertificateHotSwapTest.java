package dev.skep.cluster.ca;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.cluster.TestCa;
import dev.skep.cluster.raft.RaftMember;
import dev.skep.cluster.raft.RaftMembership;
import dev.skep.cluster.server.ClusterServer;
import dev.skep.trust.NodeCertificate;
import dev.skep.trust.NodeCsr;
import dev.skep.trust.NodeIdentity;
import dev.skep.trust.RootCA;
import dev.skep.trust.SecurityConfig;
import dev.skep.trust.TlsContexts;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A renewed certificate is swapped in without a restart: the cluster-port server (gRPC over Netty) presents it on
 * the next handshake while it goes on serving, and a client made on the node's {@link SecurityConfig} presents it
 * on its next call, over the same client object.
 */
class CertificateHotSwapTest {
    private final TestCa ca = new TestCa("cluster-1");
    private final SecurityConfig manager = SecurityConfig.inMemory(ca.node("m1", RootCA.MANAGER));
    private final SecurityConfig worker = SecurityConfig.inMemory(ca.node("w1", RootCA.WORKER));
    /** The certificate each renewal request was made with, as the server saw it. */
    private final List<BigInteger> presented = new CopyOnWriteArrayList<>();

    private ClusterServer server;
    private String addr;

    @BeforeEach
    void start() throws Exception {
        server = ClusterServer.builder(manager)
                .listenAddr("127.0.0.1:0")
                .leaderAddr(() -> addr)
                .raft(leader())
                .roles(authority())
                .build()
                .start();
        addr = "127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aClientOnTheSecurityConfigPresentsEachRenewedCertificateOnItsNextCall() {
        try (NodeCaClient client = new NodeCaClient(worker, List.of(addr))) {
            BigInteger original = serial(worker.current());

            NodeCertificate first = client.renew();
            worker.update(first);
            NodeCertificate second = client.renew();
            worker.update(second);
            assertThat(client.grantedRole()).isEqualTo(RootCA.WORKER);

            assertThat(presented).containsExactly(original, serial(first));
            assertThat(List.of(original, serial(first), serial(second))).doesNotHaveDuplicates();
            assertThat(NodeIdentity.of(second.certificate()).nodeId()).isEqualTo("w1");
        }
    }

    @Test
    void theServerPresentsTheRenewedCertificateToNewConnectionsAndKeepsServingOpenOnes() throws Exception {
        try (NodeCaClient client = new NodeCaClient(worker, List.of(addr))) {
            assertThat(client.grantedRole()).isEqualTo(RootCA.WORKER); // a connection opened before the renewal
            BigInteger before = serverCertificate().getSerialNumber();
            assertThat(before).isEqualTo(serial(manager.current()));

            NodeCertificate renewed = renewedFor(manager.current());
            manager.update(renewed);

            assertThat(serverCertificate().getSerialNumber()).isEqualTo(serial(renewed));
            assertThat(client.grantedRole()).isEqualTo(RootCA.WORKER);
        }
    }

    /** The certificate the server shows in a fresh TLS handshake (ALPN h2, as gRPC clients offer). */
    private X509Certificate serverCertificate() throws Exception {
        var context = TlsContexts.clientContext(worker.current());
        try (SSLSocket s =
                (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), server.port())) {
            SSLParameters p = s.getSSLParameters();
            p.setApplicationProtocols(new String[] {"h2"});
            s.setSSLParameters(p);
            s.startHandshake();
            return (X509Certificate) s.getSession().getPeerCertificates()[0];
        }
    }

    private NodeCertificate renewedFor(NodeCertificate current) {
        NodeCsr csr = NodeCsr.create();
        NodeIdentity who = current.identity();
        return csr.withCertificate(ca.sign(csr.der(), who.nodeId(), who.role()), ca.root());
    }

    private NodeRoleAuthority authority() {
        return new NodeRoleAuthority() {
            @Override
            public String grantedRole(String nodeId) {
                return nodeId.startsWith("m") ? RootCA.MANAGER : RootCA.WORKER;
            }

            @Override
            public X509Certificate renew(X509Certificate presentedCert, byte[] csrDer) {
                presented.add(presentedCert.getSerialNumber());
                NodeIdentity who = NodeIdentity.of(presentedCert);
                return ca.sign(csrDer, who.nodeId(), who.role());
            }
        };
    }

    private static RaftMembership leader() {
        return new RaftMembership() {
            @Override
            public boolean isLeader() {
                return true;
            }

            @Override
            public void addMember(String peerId, String raftAddress) {}

            @Override
            public void removeMember(String peerId) {}

            @Override
            public List<RaftMember> members() {
                return List.of(new RaftMember("m1", "127.0.0.1:1"));
            }
        };
    }

    private static BigInteger serial(NodeCertificate c) {
        return c.certificate().getSerialNumber();
    }
}
