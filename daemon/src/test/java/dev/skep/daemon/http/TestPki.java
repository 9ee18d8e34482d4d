package dev.skep.daemon.http;

import dev.skep.trust.NodeCsr;
import dev.skep.trust.Pem;
import dev.skep.trust.RootCA;
import dev.skep.trust.TlsContexts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates for the API's TLS tests, made with the trust module (Bouncy Castle): a CA, and leaf certificates
 * whose DNS name is {@code localhost} (the CLI checks the server's name), written as dockerd's
 * DOCKER_CERT_PATH layout: ca.pem, cert.pem, key.pem.
 */
final class TestPki {
    final RootCA ca = RootCA.create();

    /** Writes ca.pem and a leaf (cert.pem, key.pem) signed by this CA into {@code dir}. */
    Path leaf(Path dir) throws IOException {
        return leaf(dir, ca);
    }

    /** A leaf signed by {@code signer}, with this CA's ca.pem beside it. */
    Path leaf(Path dir, RootCA signer) throws IOException {
        Files.createDirectories(dir);
        NodeCsr csr = NodeCsr.create();
        X509Certificate cert = signer.issue(csr.keyPair().getPublic(), "localhost", RootCA.MANAGER, "skep-api", null);
        Files.writeString(dir.resolve("ca.pem"), ca.certificatePem());
        Files.writeString(dir.resolve("cert.pem"), Pem.encode(cert));
        Files.writeString(dir.resolve("key.pem"), Pem.encode(csr.keyPair().getPrivate()));
        return dir;
    }

    /** A JDK client context trusting this CA and presenting the leaf in {@code dir}, if any. */
    SSLContext client(Path dir) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext c = SSLContext.getInstance("TLS");
        var keys = dir == null
                ? null
                : TlsContexts.keyManagerFactory(
                                Pem.privateKey(Files.readString(dir.resolve("key.pem"))),
                                Pem.certificate(Files.readString(dir.resolve("cert.pem"))))
                        .getKeyManagers();
        c.init(keys, tmf.getTrustManagers(), null);
        return c;
    }
}
