package dev.skep.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skep.api.time.ManualTimer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.CertificateExpiredException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootCATest {
    final ManualTimer timer = new ManualTimer(Instant.parse("2030-01-01T00:00:00Z"));
    final RootCA ca = RootCA.create(timer.clock());

    @Test
    void rootIsASelfSignedP256CaNamedSwarmCaValidTwentyYears() throws Exception {
        X509Certificate root = ca.certificate();
        assertThat(root.getSubjectX500Principal().getName()).isEqualTo("CN=swarm-ca");
        assertThat(root.getIssuerX500Principal()).isEqualTo(root.getSubjectX500Principal());
        root.verify(root.getPublicKey());
        assertThat(root.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(((ECPublicKey) root.getPublicKey())
                        .getParams()
                        .getCurve()
                        .getField()
                        .getFieldSize())
                .isEqualTo(256);
        assertThat(root.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(root.getNotAfter().toInstant())
                .isEqualTo(timer.clock().instant().plus(Duration.ofDays(7300)));
        assertThat(root.getNotBefore().toInstant())
                .isEqualTo(timer.clock().instant().minus(Duration.ofHours(1)));
    }

    @Test
    void pemRoundTripKeepsCertificateKeyAndDigest(@TempDir Path dir) throws Exception {
        Path cert = dir.resolve("ca/swarm-root-ca.crt");
        Path key = dir.resolve("ca/swarm-root-ca.key");
        ca.save(cert, key);
        assertThat(Files.getPosixFilePermissions(key))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.readString(cert)).startsWith("-----BEGIN CERTIFICATE-----");
        RootCA loaded = RootCA.load(cert, key);
        assertThat(loaded.certificate()).isEqualTo(ca.certificate());
        assertThat(loaded.key().getEncoded()).isEqualTo(ca.key().getEncoded());
        assertThat(loaded.digest()).isEqualTo(ca.digest()).hasSize(32);
        X509Certificate issued = loaded.withClock(timer.clock())
                .issue(NodeCsr.create().keyPair().getPublic(), "n1", "worker", "c1", null);
        ca.verify(issued);

        RootCA verifyOnly = RootCA.load(cert, dir.resolve("missing.key"));
        assertThat(verifyOnly.canSign()).isFalse();
        assertThat(verifyOnly.keyPem()).isNull();
        assertThatThrownBy(() -> verifyOnly.issue(NodeCsr.create().keyPair().getPublic(), "n", "worker", "c", null))
                .hasMessageContaining("no signing key");
    }

    @Test
    void issuedCertificateCarriesTheNodeIdentity() throws Exception {
        NodeCsr csr = NodeCsr.create();
        X509Certificate cert = ca.issue(csr.der(), "node1", "manager", "cluster1", null);
        assertThat(cert.getPublicKey()).isEqualTo(csr.keyPair().getPublic());
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=node1,OU=swarm-manager,O=cluster1");
        assertThat(cert.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
        assertThat(NodeIdentity.of(cert).nodeId()).isEqualTo("node1");
        assertThat(NodeIdentity.of(cert).role()).isEqualTo("manager");
        assertThat(NodeIdentity.of(cert).clusterId()).isEqualTo("cluster1");
        assertThat(cert.getSubjectAlternativeNames())
                .containsExactlyInAnyOrder(List.of(2, "swarm-manager"), List.of(2, "node1"));
        boolean[] usage = cert.getKeyUsage();
        assertThat(usage[0]).as("digitalSignature").isTrue();
        assertThat(usage[2]).as("keyEncipherment").isTrue();
        assertThat(usage[5]).as("keyCertSign").isFalse();
        assertThat(cert.getExtendedKeyUsage()).containsExactlyInAnyOrder("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        Instant now = timer.clock().instant();
        assertThat(cert.getNotBefore().toInstant()).isEqualTo(now.minus(Duration.ofHours(1)));
        assertThat(cert.getNotAfter().toInstant()).isEqualTo(now.plus(Duration.ofDays(90)));
        ca.verify(cert);
    }

    @Test
    void workerCertificateAndExplicitValidity() {
        X509Certificate cert =
                ca.issue(NodeCsr.create().keyPair().getPublic(), "w1", "worker", "c1", Duration.ofHours(5));
        assertThat(NodeIdentity.of(cert).role()).isEqualTo("worker");
        assertThat(cert.getSubjectX500Principal().getName()).contains("OU=swarm-worker");
        assertThat(cert.getNotAfter().toInstant())
                .isEqualTo(timer.clock().instant().plus(Duration.ofHours(5)));
        assertThatThrownBy(() -> ca.issue(NodeCsr.create().keyPair().getPublic(), "x", "boss", "c1", null))
                .hasMessageContaining("invalid role");
    }

    @Test
    void tamperedCsrIsRefused() {
        byte[] der = NodeCsr.create().der();
        der[der.length - 5] ^= 0x01;
        assertThatThrownBy(() -> ca.issue(der, "n", "worker", "c", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void verifyRejectsAnotherRootAndExpiredCertificates() throws Exception {
        RootCA other = RootCA.create(timer.clock());
        X509Certificate foreign = other.issue(NodeCsr.create().keyPair().getPublic(), "n", "worker", "c", null);
        assertThatThrownBy(() -> ca.verify(foreign)).hasMessageContaining("signed by unknown authority");
        assertThat(ca.isValid(foreign)).isFalse();

        X509Certificate mine =
                ca.issue(NodeCsr.create().keyPair().getPublic(), "n", "worker", "c", Duration.ofHours(2));
        ca.verify(mine);
        timer.advance(Duration.ofHours(2).plusSeconds(1));
        assertThatThrownBy(() -> ca.verify(mine))
                .isInstanceOf(CertificateExpiredException.class)
                .hasMessageContaining("expired");
    }
}
