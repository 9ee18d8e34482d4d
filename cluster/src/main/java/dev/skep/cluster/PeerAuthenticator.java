package dev.skep.cluster;

import dev.skep.trust.NodeIdentity;
import dev.skep.trust.Revocation;
import dev.skep.trust.TlsContexts;
import dev.skep.trust.TrustRoots;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Admits a call only from a peer whose certificate this cluster's root CA signed for this cluster (O), and,
 * for manager-only services, for the manager role (OU); and only while the cluster's state has not revoked it
 * ({@link Revocation}: a removed node, a demoted manager on manager-only services). The caller's identity goes
 * into the call's context. The roots are read on every call: a root rotation changes them while the server runs.
 */
public final class PeerAuthenticator implements ServerInterceptor {
    private final Supplier<List<X509Certificate>> roots;
    private final String clusterId;
    private final boolean managersOnly;
    private final Revocation revocation;

    public PeerAuthenticator(X509Certificate root, String clusterId, boolean managersOnly) {
        this(root, clusterId, managersOnly, Revocation.NONE);
    }

    public PeerAuthenticator(X509Certificate root, String clusterId, boolean managersOnly, Revocation revocation) {
        this(() -> List.of(root), clusterId, managersOnly, revocation);
    }

    /** Checks each call against the roots {@code roots} holds then (the node's live trust set). */
    public PeerAuthenticator(TrustRoots roots, String clusterId, boolean managersOnly, Revocation revocation) {
        this((Supplier<List<X509Certificate>>) roots, clusterId, managersOnly, revocation);
    }

    private PeerAuthenticator(
            Supplier<List<X509Certificate>> roots, String clusterId, boolean managersOnly, Revocation revocation) {
        this.roots = roots;
        this.clusterId = clusterId;
        this.managersOnly = managersOnly;
        this.revocation = revocation;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        X509Certificate[] chain;
        NodeIdentity peer;
        try {
            chain = peerChain(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
            peer = authenticate(chain);
        } catch (StatusException e) {
            call.close(e.status, new Metadata());
            return new ServerCall.Listener<>() {};
        }
        Context context = Context.current()
                .withValues(Caller.IDENTITY, peer, Caller.REMOTE_HOST, remoteHost(call), Caller.CERTIFICATE, chain[0]);
        return Contexts.interceptCall(context, call, headers, next);
    }

    private static String remoteHost(ServerCall<?, ?> call) {
        SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return null;
    }

    private NodeIdentity authenticate(X509Certificate[] chain) throws StatusException {
        try {
            TlsContexts.verifyPeer(chain, roots.get(), clusterId, null);
        } catch (CertificateException e) {
            throw new StatusException(Status.UNAUTHENTICATED.withDescription(e.getMessage()));
        }
        NodeIdentity peer = NodeIdentity.of(chain[0]);
        if (peer.nodeId() == null || peer.nodeId().isEmpty()) {
            throw new StatusException(Status.UNAUTHENTICATED.withDescription("certificate names no node"));
        }
        if (managersOnly && !peer.isManager()) {
            throw new StatusException(Status.PERMISSION_DENIED.withDescription(
                    "only managers may call this; node " + peer.nodeId() + " is a " + peer.role()));
        }
        try {
            if (managersOnly) revocation.checkManager(peer);
            else revocation.checkNode(peer);
        } catch (CertificateException e) {
            throw new StatusException(Status.PERMISSION_DENIED.withDescription(e.getMessage()));
        }
        return peer;
    }

    private static X509Certificate[] peerChain(SSLSession tls) throws StatusException {
        if (tls == null) {
            throw new StatusException(Status.UNAUTHENTICATED.withDescription("the cluster port requires TLS"));
        }
        try {
            Certificate[] chain = tls.getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate) {
                return java.util.Arrays.copyOf(chain, chain.length, X509Certificate[].class);
            }
        } catch (SSLPeerUnverifiedException e) {
            // no certificate presented
        }
        throw new StatusException(
                Status.UNAUTHENTICATED.withDescription("a node certificate is required: join the swarm first"));
    }

    /** A refusal carried out of {@link #authenticate}. */
    private static final class StatusException extends Exception {
        final Status status;

        StatusException(Status status) {
            super(status.getDescription(), null, false, false);
            this.status = status;
        }
    }
}
