package dev.skep.store.raft;

import dev.skep.trust.NodeIdentity;
import dev.skep.trust.Revocation;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.apache.ratis.proto.RaftProtos.AppendEntriesRequestProto;
import org.apache.ratis.proto.RaftProtos.InstallSnapshotRequestProto;
import org.apache.ratis.proto.RaftProtos.RaftRpcRequestProto;
import org.apache.ratis.proto.RaftProtos.ReadIndexRequestProto;
import org.apache.ratis.proto.RaftProtos.RequestVoteRequestProto;
import org.apache.ratis.proto.RaftProtos.StartLeaderElectionRequestProto;
import org.apache.ratis.proto.grpc.AdminProtocolServiceGrpc;
import org.apache.ratis.proto.grpc.RaftServerProtocolServiceGrpc;
import org.apache.ratis.thirdparty.io.grpc.ForwardingServerCallListener;
import org.apache.ratis.thirdparty.io.grpc.Grpc;
import org.apache.ratis.thirdparty.io.grpc.Metadata;
import org.apache.ratis.thirdparty.io.grpc.ServerCall;
import org.apache.ratis.thirdparty.io.grpc.ServerCallHandler;
import org.apache.ratis.thirdparty.io.grpc.ServerInterceptor;
import org.apache.ratis.thirdparty.io.grpc.Status;

/**
 * Binds a Raft member's words to its certificate, on every message this member's Raft server receives. The
 * handshake already proved the peer holds a manager certificate of this cluster; here:
 * <ul>
 *   <li>a member-to-member request (append, vote, snapshot, election, read index) must come from the peer its
 *       certificate names: the request's requestor ID equals the certificate's CN (node ID), so one manager cannot
 *       vote or append as another;
 *   <li>membership and leadership changes (Ratis's admin service) are taken only from this member itself: the
 *       leader acts on the store's decisions (a demotion, {@code node rm}, {@code swarm leave}) through its own
 *       client; no other certificate can change the group;
 *   <li>the cluster's state must not have revoked the peer ({@link Revocation#checkRaftPeer}): a removed node or a
 *       manager whose demotion took it out of the group, checked per message because streams outlive changes.
 * </ul>
 */
final class RaftPeerAuthenticator implements ServerInterceptor {
    private final String selfId;
    private final Revocation revocation;

    RaftPeerAuthenticator(String selfId, Revocation revocation) {
        this.selfId = selfId;
        this.revocation = revocation;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        NodeIdentity peer;
        try {
            peer = peer(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
            String service = call.getMethodDescriptor().getServiceName();
            if (AdminProtocolServiceGrpc.SERVICE_NAME.equals(service) && !selfId.equals(peer.nodeId())) {
                throw new CertificateException("node " + peer.nodeId() + " may not change the Raft group of " + selfId
                        + ": only the leader does, on the store's decision");
            }
            revocation.checkRaftPeer(peer);
        } catch (CertificateException e) {
            call.close(Status.PERMISSION_DENIED.withDescription(e.getMessage()), new Metadata());
            return new ServerCall.Listener<>() {};
        }
        boolean memberRequests = RaftServerProtocolServiceGrpc.SERVICE_NAME.equals(
                call.getMethodDescriptor().getServiceName());
        return new Checked<>(next.startCall(call, headers), call, peer, memberRequests);
    }

    /** Checks each message before Ratis sees it; after a refusal the call is closed and nothing more passes. */
    private final class Checked<Q, R> extends ForwardingServerCallListener.SimpleForwardingServerCallListener<Q> {
        private final ServerCall<Q, R> call;
        private final NodeIdentity peer;
        private final boolean memberRequests;
        private volatile boolean refused;

        Checked(ServerCall.Listener<Q> delegate, ServerCall<Q, R> call, NodeIdentity peer, boolean memberRequests) {
            super(delegate);
            this.call = call;
            this.peer = peer;
            this.memberRequests = memberRequests;
        }

        @Override
        public void onMessage(Q message) {
            if (refused) return;
            try {
                if (memberRequests) checkRequestor(message);
                revocation.checkRaftPeer(peer);
            } catch (CertificateException e) {
                refused = true;
                call.close(Status.PERMISSION_DENIED.withDescription(e.getMessage()), new Metadata());
                return;
            }
            super.onMessage(message);
        }

        @Override
        public void onHalfClose() {
            if (!refused) super.onHalfClose();
        }

        private void checkRequestor(Object message) throws CertificateException {
            RaftRpcRequestProto request = serverRequest(message);
            String requestor = request == null ? null : request.getRequestorId().toStringUtf8();
            if (!peer.nodeId().equals(requestor)) {
                throw new CertificateException(
                        "node " + peer.nodeId() + " may speak Raft only as itself, not as " + requestor);
            }
        }
    }

    /** The member-to-member header of a request of Ratis's server protocol; null for anything else. */
    static RaftRpcRequestProto serverRequest(Object message) {
        return switch (message) {
            case AppendEntriesRequestProto m -> m.getServerRequest();
            case RequestVoteRequestProto m -> m.getServerRequest();
            case InstallSnapshotRequestProto m -> m.getServerRequest();
            case StartLeaderElectionRequestProto m -> m.getServerRequest();
            case ReadIndexRequestProto m -> m.getServerRequest();
            default -> null;
        };
    }

    private static NodeIdentity peer(SSLSession tls) throws CertificateException {
        if (tls == null) throw new CertificateException("Raft requires TLS");
        try {
            Certificate[] chain = tls.getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate leaf) return NodeIdentity.of(leaf);
        } catch (SSLPeerUnverifiedException e) {
            // no certificate presented: refused below
        }
        throw new CertificateException("a manager certificate is required");
    }
}
