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
}
