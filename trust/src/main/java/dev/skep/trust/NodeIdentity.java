package dev.skep.trust;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;

/**
 * Who a node certificate names, as Swarm writes it in the subject: CN = node ID, OU = the role
 * ({@value RootCA#MANAGER_OU} or {@value RootCA#WORKER_OU}), O = cluster ID. The only place a subject is
 * read (SwarmKit's {@code ca.ParseRole} and the organisation checks of {@code ca/auth.go}).
 *
 * @param role {@value RootCA#MANAGER}, {@value RootCA#WORKER}, or null when the OU names neither
 */
public record NodeIdentity(String nodeId, String role, String clusterId) {

    public static NodeIdentity of(X509Certificate certificate) {
        X500Name subject = subject(certificate);
        return new NodeIdentity(part(subject, BCStyle.CN), roleOf(part(subject, BCStyle.OU)), part(subject, BCStyle.O));
    }

    public boolean isManager() {
        return RootCA.MANAGER.equals(role);
    }

    /** "manager" or "worker" for a role or its OU; null for anything else. */
    public static String roleOf(String roleOrOu) {
        if (RootCA.MANAGER.equals(roleOrOu) || RootCA.MANAGER_OU.equals(roleOrOu)) return RootCA.MANAGER;
        if (RootCA.WORKER.equals(roleOrOu) || RootCA.WORKER_OU.equals(roleOrOu)) return RootCA.WORKER;
        return null;
    }

    /** "manager" or "worker" for a role or its OU; rejects anything else. */
    public static String requireRole(String roleOrOu) {
        String role = roleOf(roleOrOu);
        if (role == null) throw new IllegalArgumentException("invalid role: " + roleOrOu);
        return role;
    }

    /** The OU a role is written as; rejects anything but manager and worker. */
    public static String ou(String roleOrOu) {
        return requireRole(roleOrOu).equals(RootCA.MANAGER) ? RootCA.MANAGER_OU : RootCA.WORKER_OU;
    }

    private static X500Name subject(X509Certificate certificate) {
        try {
            return new JcaX509CertificateHolder(certificate).getSubject();
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("invalid certificate", e);
        }
    }

    private static String part(X500Name subject, ASN1ObjectIdentifier type) {
        RDN[] rdns = subject.getRDNs(type);
        return rdns.length == 0
                ? null
                : IETFUtils.valueToString(rdns[0].getFirst().getValue());
    }
}
