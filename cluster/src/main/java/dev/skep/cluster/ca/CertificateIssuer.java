package dev.skep.cluster.ca;

import java.security.cert.X509Certificate;

/**
 * Signs a joining node's certificate request when its token is valid (the manager's CA). The role follows
 * from the token; the node ID is always a new one (a token never names an existing node). A bad token or
 * request is refused with an
 * exception whose message is shown to the joining node ({@link dev.skep.cluster.Errors} maps it to a status).
 */
@FunctionalInterface
public interface CertificateIssuer {
    X509Certificate issue(String token, byte[] csrDer);
}
