package dev.skep.cluster;

import dev.skep.trust.NodeIdentity;
import io.grpc.Context;
import java.security.cert.X509Certificate;

/**
 * The caller of the gRPC call being handled, as {@link PeerAuthenticator} proved it at the TLS handshake and
 * put it in the call's context. Outside an authenticated call every accessor returns null.
 */
public final class Caller {
    static final Context.Key<NodeIdentity> IDENTITY = Context.key("skep-peer");
    /** The caller's IP address, which a manager records as the node's address. */
    static final Context.Key<String> REMOTE_HOST = Context.key("skep-remote-host");
    /** The certificate the caller proved at the handshake, which a renewal starts from. */
    static final Context.Key<X509Certificate> CERTIFICATE = Context.key("skep-peer-certificate");

    private Caller() {}

    /** Who is calling: node ID (CN), role (OU) and cluster ID (O) of its certificate. */
    public static NodeIdentity identity() {
        return IDENTITY.get();
    }

    public static String remoteHost() {
        return REMOTE_HOST.get();
    }

    public static X509Certificate certificate() {
        return CERTIFICATE.get();
    }
}
