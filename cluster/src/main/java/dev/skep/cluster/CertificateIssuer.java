package dev.skep.cluster;

import java.security.cert.X509Certificate;

/**
 * Signs a joining node's certificate request when its token is valid (the manager's CA). The role follows
 * from the token; the node ID is the given one, or a new one. Throw {@link Refused} for a bad token or
 * request: its message is shown to the joining node.
 */
@FunctionalInterface
public interface CertificateIssuer {
    X509Certificate issue(String token, byte[] csrDer, String nodeId);

    /** A join that must not happen (wrong or rotated token, bad request); the message goes to the caller. */
    final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }
}
