package dev.skep.cluster.ca;

import java.security.cert.X509Certificate;

/**
 * What a manager's CA tells a node about its role, and the certificate that goes with it: the role the
 * cluster grants the node now (a promotion at once, a demotion once the node is out of the Raft group), and
 * a renewed certificate carrying it for a node that proves who it is with its current certificate.
 */
public interface NodeRoleAuthority {
    /** "manager" or "worker"; null when the cluster does not know the node (it was removed). */
    String grantedRole(String nodeId);

    /** A certificate for the key in {@code csrDer}, for the node named by {@code presented}, in its granted role. */
    X509Certificate renew(X509Certificate presented, byte[] csrDer);
}
