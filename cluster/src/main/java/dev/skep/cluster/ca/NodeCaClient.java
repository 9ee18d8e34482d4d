package dev.skep.cluster.ca;

import dev.skep.cluster.Channels;
import dev.skep.cluster.ClusterException;
import dev.skep.cluster.LeaderCalls;
import dev.skep.cluster.Tls;
import dev.skep.cluster.ca.NodeCaProtocol.RenewRequest;
import dev.skep.cluster.ca.NodeCaProtocol.RoleRequest;
import dev.skep.trust.NodeCertificate;
import dev.skep.trust.NodeCsr;
import dev.skep.trust.NodeIdentity;
import dev.skep.trust.Pem;
import dev.skep.trust.RootCA;
import dev.skep.trust.SecurityConfig;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * A node asking the leader, with its current certificate, which role it has now, and renewing its
 * certificate for that role with a new key. Used by a node that watches for its promotion or demotion.
 */
public final class NodeCaClient implements AutoCloseable {
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final Supplier<NodeCertificate> identity;
    private final Channels channels;
    private final List<String> managers;

    /** {@code managers}: cluster addresses (HOST:PORT) to ask, in order. */
    public NodeCaClient(NodeCertificate identity, List<String> managers) {
        this.identity = () -> identity;
        this.channels = new Channels(Tls.client(identity));
        this.managers = List.copyOf(managers);
    }

    /** Asks with the node's current certificate: after a renewal, the next call presents the new one. */
    public NodeCaClient(SecurityConfig security, List<String> managers) {
        this.identity = security::current;
        this.channels = new Channels(security);
        this.managers = List.copyOf(managers);
    }

    /** "manager" or "worker" as the leader grants it now; null when the node is no longer in the cluster. */
    public String grantedRole() {
        return LeaderCalls.call(channels, managers, CALL_TIMEOUT, NodeCaProtocol.NODE_ROLE, new RoleRequest())
                .role();
    }

    /** A new key and a certificate for it in the node's granted role, checked against the root CA. */
    public NodeCertificate renew() {
        NodeCertificate identity = this.identity.get();
        NodeCsr csr = NodeCsr.create();
        String pem = LeaderCalls.call(
                        channels, managers, CALL_TIMEOUT, NodeCaProtocol.RENEW, new RenewRequest(csr.der()))
                .certificate();
        X509Certificate certificate = Pem.certificate(pem);
        try {
            RootCA.of(identity.rootCa(), null).verify(certificate);
            if (!identity.nodeId().equals(NodeIdentity.of(certificate).nodeId())) {
                throw new CertificateException("the certificate is for node "
                        + NodeIdentity.of(certificate).nodeId());
            }
            return csr.withCertificate(certificate, identity.rootCa());
        } catch (CertificateException | IllegalArgumentException e) {
            throw new ClusterException("the manager returned an unusable certificate: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        channels.close();
    }
}
