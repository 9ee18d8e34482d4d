package dev.skep.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeCertificateTest {
    final RootCA ca = RootCA.create();

    @Test
    void savesAndLoadsUnderTheCertificatesDirectoryAsSwarmKitNamesThem(@TempDir Path dataDir) throws Exception {
        NodeCsr csr = NodeCsr.create();
        NodeCertificate node = csr.withCertificate(ca.issue(csr.der(), "abc", "worker", "clu", null), ca.certificate());
        Path dir = NodeCertificate.directory(dataDir);
        assertThat(NodeCertificate.exists(dir)).isFalse();
        node.save(dir);
        assertThat(NodeCertificate.exists(dir)).isTrue();
        assertThat(dir.resolve("swarm-node.crt")).exists();
        assertThat(dir.resolve("swarm-root-ca.crt")).exists();
        assertThat(Files.getPosixFilePermissions(dir.resolve("swarm-node.key")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

        NodeCertificate loaded = NodeCertificate.load(dir);
        assertThat(loaded.certificate()).isEqualTo(node.certificate());
        assertThat(loaded.rootCa()).isEqualTo(ca.certificate());
        assertThat(loaded.key().getEncoded()).isEqualTo(node.key().getEncoded());
        assertThat(loaded.nodeId()).isEqualTo("abc");
        assertThat(loaded.role()).isEqualTo("worker");
        assertThat(loaded.isManager()).isFalse();
        assertThat(loaded.clusterId()).isEqualTo("clu");
    }

    @Test
    void aCertificateForAnotherKeyIsNotAccepted() {
        NodeCsr mine = NodeCsr.create();
        NodeCsr theirs = NodeCsr.create();
        assertThatThrownBy(
                        () -> mine.withCertificate(ca.issue(theirs.der(), "n", "worker", "c", null), ca.certificate()))
                .hasMessageContaining("not for this node's key");
    }

    private NodeCertificate node(String id) {
        NodeCsr csr = NodeCsr.create();
        return csr.withCertificate(ca.issue(csr.der(), id, "worker", "clu", null), ca.certificate());
    }

    @Test
    void aRenewalCutShortAfterTheKeyWasReplacedIsFinishedOnLoad(@TempDir Path dir) {
        NodeCertificate old = node("abc");
        old.save(dir);
        NodeCertificate renewed = node("abc");
        // what saveRenewal has done when the node dies before its last step
        Pem.write(dir.resolve(NodeCertificate.PENDING_CERT_FILE), renewed.certificatePem());
        Pem.write(dir.resolve(NodeCertificate.KEY_FILE), Pem.encode(renewed.key()));

        NodeCertificate loaded = NodeCertificate.load(dir);

        assertThat(loaded.certificate()).isEqualTo(renewed.certificate());
        assertThat(loaded.key().getEncoded()).isEqualTo(renewed.key().getEncoded());
        assertThat(dir.resolve(NodeCertificate.PENDING_CERT_FILE)).doesNotExist();
        assertThat(NodeCertificate.load(dir).certificate()).isEqualTo(renewed.certificate());
    }

    @Test
    void aRenewalCutShortBeforeTheKeyWasReplacedLeavesTheOldPair(@TempDir Path dir) {
        NodeCertificate old = node("abc");
        old.save(dir);
        Pem.write(dir.resolve(NodeCertificate.PENDING_CERT_FILE), node("abc").certificatePem());

        NodeCertificate loaded = NodeCertificate.load(dir);

        assertThat(loaded.certificate()).isEqualTo(old.certificate());
        assertThat(loaded.key().getEncoded()).isEqualTo(old.key().getEncoded());
        assertThat(dir.resolve(NodeCertificate.PENDING_CERT_FILE)).doesNotExist();
    }

    @Test
    void aCompletedRenewalLeavesOnlyTheNewPair(@TempDir Path dir) {
        node("abc").save(dir);
        NodeCertificate renewed = node("abc");

        renewed.saveRenewal(dir);

        NodeCertificate loaded = NodeCertificate.load(dir);
        assertThat(loaded.certificate()).isEqualTo(renewed.certificate());
        assertThat(loaded.key().getEncoded()).isEqualTo(renewed.key().getEncoded());
        assertThat(dir.resolve(NodeCertificate.PENDING_CERT_FILE)).doesNotExist();
    }
}
