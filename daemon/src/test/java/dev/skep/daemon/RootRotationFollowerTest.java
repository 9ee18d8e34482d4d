package dev.skep.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.cluster.ca.NodeCaClient;
import dev.skep.trust.NodeCertificate;
import dev.skep.trust.NodeCsr;
import dev.skep.trust.RootCA;
import dev.skep.trust.SecurityConfig;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node's side of a root rotation, driven by the leader's answers to its periodic check. */
class RootRotationFollowerTest {
    final RootCA oldRoot = RootCA.create();
    final RootCA newRoot = RootCA.create();
    final X509Certificate crossSigned = oldRoot.crossSign(newRoot.certificate());
    final AtomicInteger renewals = new AtomicInteger();

    @TempDir
    Path dir;

    private NodeCertificate issuedBy(RootCA signer, List<X509Certificate> intermediates) {
        NodeCsr csr = NodeCsr.create();
        X509Certificate cert = signer.issue(csr.der(), "node1", RootCA.WORKER, "clu", null);
        List<X509Certificate> chain = new java.util.ArrayList<>(List.of(cert));
        chain.addAll(intermediates);
        return csr.withChain(chain, oldRoot.certificate());
    }

    private RootRotationFollower follower() {
        return new RootRotationFollower(next -> next.save(dir), renewals::incrementAndGet);
    }

    @Test
    void aNodeToldToRenewRenewsAtOnce() {
        NodeCertificate current = issuedBy(oldRoot, List.of());
        current.save(dir);
        follower()
                .follow(
                        current,
                        new NodeCaClient.Answer(
                                RootCA.WORKER, List.of(oldRoot.certificate(), newRoot.certificate()), true));
        assertThat(renewals).hasValue(1);
        assertThat(NodeCertificate.load(dir).rootCa()).isEqualTo(oldRoot.certificate());
    }

    @Test
    void aNodeRenewedUnderTheNewRootTrustsItOnceTheRotationFinished() {
        NodeCertificate renewed = issuedBy(RootCA.of(crossSigned, newRoot.key()), List.of(crossSigned));
        renewed.save(dir);
        RootRotationFollower f = follower();
        f.follow(
                renewed,
                new NodeCaClient.Answer(RootCA.WORKER, List.of(oldRoot.certificate(), newRoot.certificate()), false));
        assertThat(NodeCertificate.load(dir).rootCa()).as("still rotating").isEqualTo(oldRoot.certificate());

        f.follow(renewed, new NodeCaClient.Answer(RootCA.WORKER, List.of(newRoot.certificate()), false));
        NodeCertificate saved = NodeCertificate.load(dir);
        assertThat(saved.rootCa()).isEqualTo(newRoot.certificate());
        assertThat(saved.certificate()).isEqualTo(renewed.certificate());
        assertThat(renewals).hasValue(0);
    }

    @Test
    void whileTheRotationRunsTheNodeTrustsBothRootsAndOnceItFinishedTheNewOneAlone() {
        NodeCertificate current = issuedBy(oldRoot, List.of());
        current.save(dir);
        SecurityConfig live = SecurityConfig.of(current, dir);
        RootRotationFollower f = new RootRotationFollower(live::update, renewals::incrementAndGet, live::trust);
        f.follow(
                current,
                new NodeCaClient.Answer(RootCA.WORKER, List.of(oldRoot.certificate(), newRoot.certificate()), true));
        assertThat(live.trustRoots().get()).containsExactly(oldRoot.certificate(), newRoot.certificate());

        NodeCertificate renewed = issuedBy(RootCA.of(crossSigned, newRoot.key()), List.of(crossSigned));
        live.update(renewed);
        f.follow(renewed, new NodeCaClient.Answer(RootCA.WORKER, List.of(newRoot.certificate()), false));
        assertThat(live.trustRoots().get()).containsExactly(newRoot.certificate());
        assertThat(NodeCertificate.load(dir).rootCa()).isEqualTo(newRoot.certificate());
    }

    @Test
    void aNewRootTheCertificateDoesNotChainToIsNotTrusted() {
        NodeCertificate current = issuedBy(oldRoot, List.of());
        current.save(dir);
        follower().follow(current, new NodeCaClient.Answer(RootCA.WORKER, List.of(newRoot.certificate()), false));
        assertThat(NodeCertificate.load(dir).rootCa()).isEqualTo(oldRoot.certificate());
        follower().follow(current, new NodeCaClient.Answer(RootCA.WORKER, List.of(), true));
        assertThat(renewals)
                .as("a leader that knows nothing of rotation asks for nothing")
                .hasValue(0);
    }
}
