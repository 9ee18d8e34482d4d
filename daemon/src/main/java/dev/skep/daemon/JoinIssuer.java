package dev.skep.daemon;

import dev.skep.api.model.Node;
import dev.skep.cluster.ca.CertificateIssuer;
import dev.skep.manager.ca.CertificateAuthority;
import dev.skep.store.MemoryStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

/**
 * Issues a joining node's certificate (the token decides its role) and records the node in the store,
 * as SwarmKit's CA server does, so that {@code node ls} shows it from the moment it joined.
 */
final class JoinIssuer implements CertificateIssuer {
    private final CertificateAuthority ca;
    private final MemoryStore store;

    JoinIssuer(CertificateAuthority ca, MemoryStore store) {
        this.ca = ca;
        this.store = store;
    }

    /** The node is always a new one: the CA named it, so no join can touch an existing node's record or role. */
    @Override
    public X509Certificate issue(String token, byte[] csrDer) {
        return issueChain(token, csrDer).get(0);
    }

    /** The cluster's root now: after a root rotation a joining node's token names the new one. */
    @Override
    public X509Certificate rootCa() {
        return ca.rootCaCertificate();
    }

    @Override
    public List<X509Certificate> issueChain(String token, byte[] csrDer) {
        CertificateAuthority.IssueResult r = ca.issue(token, csrDer);
        Node.ManagerStatus ms = "manager".equals(r.role()) ? new Node.ManagerStatus(null, "unknown", null) : null;
        store.updateWithRetry(
                5,
                tx -> tx.create(new Node(
                        r.nodeId(),
                        null,
                        null,
                        null,
                        new Node.Spec(null, Map.of(), r.role(), "active"),
                        null,
                        new Node.Status("unknown", null, null),
                        ms)));
        return r.chain();
    }
}
