package dev.skep.daemon;

import dev.skep.api.model.Node;
import dev.skep.cluster.ca.NodeRoleAuthority;
import dev.skep.manager.ca.CertificateAuthority;
import dev.skep.manager.role.ManagerGroup;
import dev.skep.manager.role.NodeRoles;
import dev.skep.store.MemoryStore;
import dev.skep.trust.NodeIdentity;
import java.security.cert.X509Certificate;

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
        String nodeId = NodeIdentity.of(presented).nodeId();
        String role = grantedRole(nodeId);
        if (role == null) throw new SecurityException("node " + nodeId + " is not a member of this swarm");
        return ca.renew(presented, csrDer, role).certificate();
    }
}
