package dev.skep.cluster;

import dev.skep.api.validation.RpcErrors;
import dev.skep.cluster.ca.CertificateIssuer;
import dev.skep.trust.JoinTokens;
import dev.skep.trust.NodeCertificate;
import dev.skep.trust.NodeCsr;
import dev.skep.trust.RootCA;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A throwaway cluster CA for tests: a root (the trust module's, as a manager has), node certificates, join tokens
 * and an issuer that checks them.
 */
public final class TestCa {
    public static final String INVALID_TOKEN = "A valid join token is necessary to join this cluster";
    private final String clusterId;
    private final RootCA root = RootCA.create();
    public final String workerToken = JoinTokens.token(root.digest());
    public final String managerToken = JoinTokens.token(root.digest());
    public final AtomicInteger issued = new AtomicInteger();
    private final AtomicInteger nodes = new AtomicInteger();

    public TestCa(String clusterId) {
        this.clusterId = clusterId;
    }

    public X509Certificate root() {
        return root.certificate();
    }

    /** A node of this CA's cluster in the role ("manager" or "worker"). */
    public NodeCertificate node(String nodeId, String role) {
        return node(nodeId, role, clusterId);
    }

    /** A certificate signed by this root but naming any cluster. */
    public NodeCertificate node(String nodeId, String role, String cluster) {
        NodeCsr csr = NodeCsr.create();
        return csr.withCertificate(
                root.issue(csr.keyPair().getPublic(), nodeId, role, cluster, null), root.certificate());
    }

    /** Signs a certificate request for a node of this CA's cluster, as a manager's CA renews one. */
    public X509Certificate sign(byte[] csrDer, String nodeId, String role) {
        issued.incrementAndGet();
        return root.issue(csrDer, nodeId, role, clusterId, null);
    }

    /** Signs for the worker or the manager token, as a manager's CA does; refuses anything else. */
    public CertificateIssuer issuer() {
        return (token, csrDer) -> {
            String role =
                    workerToken.equals(token) ? RootCA.WORKER : managerToken.equals(token) ? RootCA.MANAGER : null;
            if (role == null) throw RpcErrors.invalidArgument(INVALID_TOKEN);
            issued.incrementAndGet();
            return root.issue(csrDer, "node-" + nodes.incrementAndGet(), role, clusterId, null);
        };
    }
}
