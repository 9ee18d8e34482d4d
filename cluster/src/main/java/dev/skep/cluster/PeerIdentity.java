package dev.skep.cluster;

import dev.skep.manager.ca.RootCA;
import io.grpc.Context;
import java.security.cert.X509Certificate;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Who is calling, from the certificate it proved at the TLS handshake: node ID (CN), role (OU:
 * {@value #MANAGER} or {@value #WORKER}) and cluster ID (O). Handlers read it from {@link #current()}.
 */
public record PeerIdentity(String nodeId, String role, String clusterId) {
    public static final String MANAGER = RootCA.MANAGER_OU;
    public static final String WORKER = RootCA.WORKER_OU;
    static final Context.Key<PeerIdentity> KEY = Context.key("skep-peer");

    /** The caller of the gRPC call being handled, or null outside an authenticated call. */
    public static PeerIdentity current() {
        return KEY.get();
    }

    public boolean isManager() {
        return MANAGER.equals(role);
    }

    public static PeerIdentity of(X509Certificate certificate) {
        String cn = null;
        String ou = null;
        String o = null;
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                String value = String.valueOf(rdn.getValue());
                switch (rdn.getType().toUpperCase()) {
                    case "CN" -> cn = value;
                    case "OU" -> ou = value;
                    case "O" -> o = value;
                    default -> { }
                }
            }
        } catch (InvalidNameException e) {
            throw new IllegalArgumentException("bad certificate subject", e);
        }
        return new PeerIdentity(cn, ou, o);
    }
}
