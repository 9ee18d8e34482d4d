package dev.skep.manager.ca;

import dev.skep.api.errors.ApiException;
import dev.skep.api.errors.SwarmErrors;
import dev.skep.api.model.Cluster;
import dev.skep.api.model.Ids;
import dev.skep.api.validation.RpcErrors;
import dev.skep.store.MemoryStore;
import dev.skep.trust.JoinTokens;
import dev.skep.trust.NodeCertificate;
import dev.skep.trust.NodeCsr;
import dev.skep.trust.NodeIdentity;
import dev.skep.trust.Pem;
import dev.skep.trust.RootCA;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The CA server's logic (SwarmKit's {@code ca.Server}), independent of the transport that carries it:
 * hands out the root certificate, and signs node certificates for a CSR presented with a valid join
 * token (new nodes) or with the node's current certificate (renewal, role change). The root CA and the
 * join tokens are read from the cluster object on every call, so token rotation takes effect at once
 * and any manager can sign.
 */
public final class CertificateAuthority {
    public static final String INVALID_TOKEN = "A valid join token is necessary to join this cluster";

    private final MemoryStore store;
    private final Clock clock;

    /**
     * A signed certificate for a node, its role and ID, the root every peer trusts, and the intermediates the node
     * presents after its certificate (the cross-signed new root while a root rotation is under way).
     */
    public record IssueResult(
            String nodeId,
            String role,
            X509Certificate certificate,
            X509Certificate rootCa,
            List<X509Certificate> intermediates) {
        public IssueResult {
            intermediates = intermediates == null ? List.of() : List.copyOf(intermediates);
        }

        public IssueResult(String nodeId, String role, X509Certificate certificate, X509Certificate rootCa) {
            this(nodeId, role, certificate, rootCa, List.of());
        }

        /** The certificate, then its intermediates: what the node receives and presents. */
        public List<X509Certificate> chain() {
            List<X509Certificate> out = new ArrayList<>();
            out.add(certificate);
            out.addAll(intermediates);
            return out;
        }
    }

    /** What {@code swarm init} makes: the root CA, the first manager's identity and fresh join tokens. */
    public record Bootstrap(RootCA rootCa, NodeCertificate node, Cluster.JoinTokens joinTokens) {
        /** The new cluster object with the root CA and the join tokens recorded. */
        public Cluster applyTo(Cluster cluster) {
            return ClusterCa.withRootCa(cluster, rootCa).withJoinTokens(joinTokens);
        }
    }

    public CertificateAuthority(MemoryStore store) {
        this(store, Clock.systemUTC());
    }

    public CertificateAuthority(MemoryStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public static Bootstrap bootstrap(String clusterId, String nodeId) {
        return bootstrap(clusterId, nodeId, Clock.systemUTC());
    }

    /** A new root CA and a manager certificate for {@code nodeId}, before the cluster object exists. */
    public static Bootstrap bootstrap(String clusterId, String nodeId, Clock clock) {
        return bootstrap(clusterId, nodeId, clock, null);
    }

    /**
     * {@link #bootstrap(String, String, Clock)} with the first manager's certificate lasting {@code validity}
     * (the new cluster's {@link ClusterCa#nodeCertExpiry}; null: 90 days), as every later one will.
     */
    public static Bootstrap bootstrap(String clusterId, String nodeId, Clock clock, Duration validity) {
        RootCA root = RootCA.create(clock);
        NodeCsr csr = NodeCsr.create();
        X509Certificate cert = root.issue(csr.keyPair().getPublic(), nodeId, RootCA.MANAGER, clusterId, validity);
        return new Bootstrap(root, csr.withCertificate(cert, root.certificate()), ClusterCa.newJoinTokens(root));
    }

    /** The root certificate a joining node downloads (and checks against its token's digest). */
    public X509Certificate rootCaCertificate() {
        return root(cluster()).certificate();
    }

    public String rootCaPem() {
        return Pem.encode(rootCaCertificate());
    }

    /**
     * Signs {@code csrDer} for a node presenting {@code token}: the manager token makes a manager, the
     * worker token a worker; anything else is refused with SwarmKit's InvalidArgument message.
     * The node ID is always a new one made here: a token proves a right to join, never to be a node that
     * exists (a node that left and joins again is a new node, as in Swarm). Creating the node object is the
     * caller's business.
     */
    public IssueResult issue(String token, byte[] csrDer) {
        Cluster cluster = cluster();
        Cluster.JoinTokens tokens = cluster.joinTokens();
        String role = null;
        // Both comparisons always run so that timing does not tell which token was close.
        boolean manager = tokens != null && JoinTokens.matches(token, tokens.manager());
        boolean worker = tokens != null && JoinTokens.matches(token, tokens.worker());
        if (manager) role = RootCA.MANAGER;
        else if (worker) role = RootCA.WORKER;
        if (role == null) throw RpcErrors.invalidArgument(INVALID_TOKEN);
        return sign(cluster, csrDer, Ids.newId(), role);
    }

    /**
     * A new certificate for a node that proves who it is with its current certificate (renewal, or a
     * promotion/demotion: {@code role} is the node's desired role; null keeps the certificate's).
     */
    public IssueResult renew(X509Certificate presented, byte[] csrDer, String role) {
        Cluster cluster = cluster();
        verifyUnderAnyRoot(cluster, presented);
        NodeIdentity identity = NodeIdentity.of(presented);
        if (!cluster.id().equals(identity.clusterId())) {
            throw permissionDenied("certificate is for another cluster");
        }
        return sign(cluster, csrDer, identity.nodeId(), role == null ? identity.role() : role);
    }

    /**
     * A presented certificate is good when the cluster's root or, during a rotation, the new root signed it: a
     * node renewed under the new root renews again (e.g. a role change) before the rotation finishes.
     */
    private void verifyUnderAnyRoot(Cluster cluster, X509Certificate presented) {
        String why = "certificate signed by unknown authority";
        for (X509Certificate trusted : ClusterCa.trustRoots(cluster)) {
            try {
                RootCA.of(trusted, null).withClock(clock).verify(presented);
                return;
            } catch (CertificateException e) {
                if (why.equals("certificate signed by unknown authority")) why = e.getMessage();
            }
        }
        throw permissionDenied(why);
    }

    /**
     * Signs with the cluster's signer: its root, or during a rotation the new root's key under the cross-signed
     * certificate, which then goes with the certificate as its intermediate.
     */
    private IssueResult sign(Cluster cluster, byte[] csrDer, String nodeId, String role) {
        RootCA root = root(cluster);
        RootCA signer = ClusterCa.signer(cluster);
        if (signer == null || !signer.canSign()) {
            throw ApiException.unavailable("the cluster has no root CA signing key");
        }
        X509Certificate cert;
        try {
            cert = signer.withClock(clock).issue(csrDer, nodeId, role, cluster.id(), ClusterCa.nodeCertExpiry(cluster));
        } catch (IllegalArgumentException e) {
            throw RpcErrors.invalidArgument(e.getMessage());
        }
        return new IssueResult(nodeId, role, cert, root.certificate(), ClusterCa.intermediates(cluster));
    }

    /** The cluster's root (the trust root a joining node checks against its token). */
    private RootCA root(Cluster cluster) {
        RootCA root = ClusterCa.rootCa(cluster);
        if (root == null || !root.canSign()) throw ApiException.unavailable("the cluster has no root CA signing key");
        return root.withClock(clock);
    }

    private static ApiException permissionDenied(String message) {
        return new ApiException(403, "rpc error: code = PermissionDenied desc = " + message);
    }

    private Cluster cluster() {
        Cluster c = store.view(tx -> tx.cluster());
        if (c == null) throw ApiException.unavailable(SwarmErrors.NOT_IN_SWARM);
        return c;
    }
}
