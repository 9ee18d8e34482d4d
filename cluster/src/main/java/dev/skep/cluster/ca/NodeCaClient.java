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
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
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
        return check(null).role();
    }

    /**
     * The leader's answer to a node's periodic check: its role, the roots to trust (the cluster's first, then the
     * one being rotated to), and whether to renew at once (a root rotation wants a certificate from the new root).
     */
    public record Answer(String role, List<X509Certificate> trustRoots, boolean renew) {}

    /** Asks the leader; {@code trustRootPem} is the root this node trusts now, which the leader records. */
    public Answer check(String trustRootPem) {
        NodeCaProtocol.RoleResponse r = LeaderCalls.call(
                channels, managers, CALL_TIMEOUT, NodeCaProtocol.NODE_ROLE, new RoleRequest(trustRootPem));
        List<X509Certificate> roots = new ArrayList<>();
        if (r.rootCa() != null) roots.add(Pem.certificate(r.rootCa()));
        if (r.rotationRootCa() != null) roots.add(Pem.certificate(r.rotationRootCa()));
        return new Answer(r.role(), roots, Boolean.TRUE.equals(r.renew()));
    }

    /** A new key and a certificate for it in the node's granted role, checked against the node's root CA. */
    public NodeCertificate renew() {
        return renew(List.of(identity.get().rootCa()));
    }

    /**
     * A new key and a certificate for it, checked against {@code roots}; the first is the root the node trusts
     * from now on. During a root rotation the certificate comes with the intermediate leading it to the old root.
     */
    public NodeCertificate renew(List<X509Certificate> roots) {
        NodeCertificate identity = this.identity.get();
        NodeCsr csr = NodeCsr.create();
        String pem = LeaderCalls.call(
                        channels, managers, CALL_TIMEOUT, NodeCaProtocol.RENEW, new RenewRequest(csr.der()))
                .certificate();
        try {
            List<X509Certificate> chain = Pem.certificates(pem);
            X509Certificate certificate = chain.get(0);
            RootCA.verifyChain(chain, roots, Clock.systemUTC());
            if (!identity.nodeId().equals(NodeIdentity.of(certificate).nodeId())) {
                throw new CertificateException("the certificate is for node "
                        + NodeIdentity.of(certificate).nodeId());
            }
            return csr.withChain(chain, roots.get(0));
        } catch (CertificateException | IllegalArgumentException e) {
            throw new ClusterException("the manager returned an unusable certificate: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        channels.close();
    }
}
