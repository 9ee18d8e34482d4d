package dev.skep.daemon;

import dev.skep.api.model.Cluster;
import dev.skep.api.model.Node;
import dev.skep.api.model.TlsInfo;
import dev.skep.cluster.ca.NodeRoleAuthority;
import dev.skep.manager.ca.CertificateAuthority;
import dev.skep.manager.ca.ClusterCa;
import dev.skep.manager.role.ManagerGroup;
import dev.skep.manager.role.NodeRoles;
import dev.skep.store.MemoryStore;
import dev.skep.trust.NodeIdentity;
import java.security.cert.X509Certificate;
import java.util.List;

/** The leader's answer to a node asking for its role and a certificate for it: the store and the Raft group. */
final class RoleAuthority implements NodeRoleAuthority {
    private final CertificateAuthority ca;
    private final MemoryStore store;
    private final ManagerGroup group;

    RoleAuthority(CertificateAuthority ca, MemoryStore store, ManagerGroup group) {
        this.ca = ca;
        this.store = store;
        this.group = group;
    }

    @Override
    public String grantedRole(String nodeId) {
        Node node = store.view(tx -> tx.nodes().get(nodeId));
        return node == null ? null : NodeRoles.granted(node, group.member(nodeId) != null);
    }

    @Override
    public X509Certificate renew(X509Certificate presented, byte[] csrDer) {
        return renewChain(presented, csrDer).get(0);
    }

    @Override
    public List<X509Certificate> renewChain(X509Certificate presented, byte[] csrDer) {
        String nodeId = NodeIdentity.of(presented).nodeId();
        String role = grantedRole(nodeId);
        if (role == null) throw new SecurityException("node " + nodeId + " is not a member of this swarm");
        return ca.renew(presented, csrDer, role).chain();
    }

    /**
     * Records the node's TLSInfo from the certificate it presents on this call (the one it uses) and the root it
     * says it trusts, so that the root rotation reconciler sees it converge; tells it what to trust and whether
     * its certificate is from the wrong root (a root rotation is under way).
     */
    @Override
    public Trust trust(String nodeId, X509Certificate presented, String trustRootPem) {
        Cluster cluster = store.view(tx -> tx.cluster());
        if (cluster == null || cluster.tlsInfo() == null) return null;
        X509Certificate issuer = ClusterCa.issuerOf(cluster, presented);
        String trustRoot =
                trustRootPem != null ? trustRootPem : cluster.tlsInfo().trustRoot();
        TlsInfo info = issuer == null ? null : ClusterCa.tlsInfo(trustRoot, issuer);
        if (info != null) record(nodeId, info);
        Cluster.RootRotation rotation = cluster.rootRotation();
        TlsInfo wanted = ClusterCa.desiredIssuer(cluster);
        // A cluster without a recorded issuer asks nobody to renew (every check would renew again).
        boolean renew = wanted != null && wanted.certIssuerPublicKey() != null && !ClusterCa.sameIssuer(info, wanted);
        return new Trust(cluster.tlsInfo().trustRoot(), rotation == null ? null : rotation.caCert(), renew);
    }

    private void record(String nodeId, TlsInfo info) {
        Node seen = store.view(tx -> tx.nodes().get(nodeId));
        if (seen == null
                || seen.description() == null
                || info.equals(seen.description().tlsInfo())) return;
        store.updateWithRetry(5, tx -> {
            Node n = tx.nodes().get(nodeId);
            if (n == null || n.description() == null) return;
            Node.Description d = n.description();
            tx.update(n.withDescription(
                    new Node.Description(d.hostname(), d.platform(), d.resources(), d.engine(), info)));
        });
    }
}
