package dev.skep.cluster.ca;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Signs a joining node's certificate request when its token is valid (the manager's CA). The role follows
 * from the token; the node ID is always a new one (a token never names an existing node). A bad token or
 * request is refused with an
 * exception whose message is shown to the joining node ({@link dev.skep.cluster.Errors} maps it to a status).
 */
@FunctionalInterface
public interface CertificateIssuer {
    X509Certificate issue(String token, byte[] csrDer);

    /**
     * The certificate then the intermediates it goes with (during a root rotation, the new root cross-signed by
     * the current one), issued in one step so that the two always match.
     */
    default List<X509Certificate> issueChain(String token, byte[] csrDer) {
        return List.of(issue(token, csrDer));
    }

    /**
     * The cluster's root CA now, which a joining node checks against its token; null to serve the root this
     * manager started with. It changes when a root rotation finishes.
     */
    default X509Certificate rootCa() {
        return null;
    }
}
