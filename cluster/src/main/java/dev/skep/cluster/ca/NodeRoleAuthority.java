package dev.skep.cluster.ca;

import java.security.cert.X509Certificate;
import java.util.List;

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

    /** As {@link #renew}, with the intermediates the certificate goes with (during a root rotation). */
    default List<X509Certificate> renewChain(X509Certificate presented, byte[] csrDer) {
        return List.of(renew(presented, csrDer));
    }

    /**
     * What the node presenting {@code presented} (and trusting {@code trustRootPem}, null if it did not say)
     * should trust and whether it must renew now; the authority may record the node's TLSInfo from them. Null
     * when this authority knows nothing of root rotation.
     */
    default Trust trust(String nodeId, X509Certificate presented, String trustRootPem) {
        return null;
    }

    /**
     * @param rootCa the cluster's root CA (PEM)
     * @param rotationRootCa the root being rotated to (PEM), null when no rotation is under way
     * @param renew whether the node's certificate is not from the issuer the cluster wants now
     */
    record Trust(String rootCa, String rotationRootCa, boolean renew) {}
}
