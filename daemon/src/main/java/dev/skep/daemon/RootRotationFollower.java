package dev.skep.daemon;

import dev.skep.cluster.ca.NodeCaClient;
import dev.skep.trust.NodeCertificate;
import dev.skep.trust.RootCA;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's side of a root CA rotation, fed by the leader's answer to its periodic check
 * ({@link NodeCaClient#check}): when the leader says the node's certificate is not from the root the cluster
 * wants, it renews at once; when the cluster's root changed (the rotation finished), the node trusts the new
 * root from then on, which its certificate — issued under the new root — already chains to. While the rotation
 * runs, the node's live trust set holds both roots, so peers of either are accepted on new handshakes and calls.
 */
final class RootRotationFollower {
    private static final Logger LOG = LoggerFactory.getLogger(RootRotationFollower.class);

    private final Consumer<NodeCertificate> trust;
    private final RenewTrigger renew;
    private final Consumer<List<X509Certificate>> trustRoots;

    /** {@code trust} makes the node's identity trust a new root (live and saved); {@code renew} renews at once. */
    RootRotationFollower(Consumer<NodeCertificate> trust, RenewTrigger renew) {
        this(trust, renew, roots -> {});
    }

    /** As above; {@code trustRoots} sets the node's live trust set while a rotation runs (both roots). */
    RootRotationFollower(
            Consumer<NodeCertificate> trust, RenewTrigger renew, Consumer<List<X509Certificate>> trustRoots) {
        this.trust = trust;
        this.renew = renew;
        this.trustRoots = trustRoots;
    }

    /** Acts on one answer for the identity {@code current} (the one saved, which the check presented). */
    void follow(NodeCertificate current, NodeCaClient.Answer answer) {
        List<X509Certificate> roots = answer.trustRoots();
        if (roots.isEmpty()) return; // a leader that knows nothing of root rotation
        // Rotating: trust the new root too, before renewing (peers renewed first present it already). The node's
        // own root stays first: it is the one its saved identity names until the rotation finished.
        if (roots.size() > 1 && roots.contains(current.rootCa())) trustRoots.accept(rotating(current, roots));
        if (answer.renew()) {
            LOG.info("the cluster's root CA is being rotated: renewing this node's certificate under the new root");
            renew.renewNow();
            return;
        }
        X509Certificate root = roots.get(0);
        if (root.equals(current.rootCa())) return;
        try {
            RootCA.verifyChain(List.of(current.chain()), List.of(root), Clock.systemUTC());
        } catch (CertificateException e) {
            LOG.warn(
                    "the cluster has a new root CA that this node's certificate does not chain to: {}", e.getMessage());
            return;
        }
        trust.accept(current.withRootCa(root)); // the identity's new root alone is trusted from now on
        LOG.info("the root CA rotation finished: this node now trusts the new root CA");
    }

    private static List<X509Certificate> rotating(NodeCertificate current, List<X509Certificate> roots) {
        List<X509Certificate> out = new java.util.ArrayList<>(List.of(current.rootCa()));
        for (X509Certificate r : roots) if (!out.contains(r)) out.add(r);
        return out;
    }
}
