package dev.skep.daemon.http;

import dev.skep.trust.Pem;
import io.netty.channel.Channel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * TLS for the client API's TCP listener, as dockerd's {@code --tls}/{@code --tlsverify}: the server presents
 * {@code cert} (a PEM chain) with {@code key}; with {@code verify} every client must present a certificate
 * issued by a CA in {@code ca}, otherwise (dockerd's {@code --tls} alone) no client certificate is asked for.
 * TLS 1.2 is the minimum, as in dockerd.
 */
public record TlsSetup(Path ca, Path cert, Path key, boolean verify) {

    /** The Netty context; a missing or unreadable file is an {@link IllegalArgumentException} naming it. */
    public SslContext context() {
        PrivateKey privateKey;
        try {
            privateKey = Pem.privateKey(Files.readString(key));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("could not load the TLS key " + key + ": " + e.getMessage(), e);
        }
        List<X509Certificate> chain = certificates(cert, "TLS certificate");
        SslContextBuilder b = SslContextBuilder.forServer(privateKey, chain.toArray(X509Certificate[]::new))
                .protocols("TLSv1.3", "TLSv1.2");
        if (verify) {
            b.trustManager(certificates(ca, "CA certificate").toArray(X509Certificate[]::new))
                    .clientAuth(ClientAuth.REQUIRE);
        } else {
            b.clientAuth(ClientAuth.NONE);
        }
        try {
            return b.build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("invalid TLS configuration: " + e.getMessage(), e);
        }
    }

    /** Puts the TLS handler first in a new connection's pipeline. */
    static void addTo(Channel ch, SslContext context) {
        ch.pipeline().addFirst("tls", context.newHandler(ch.alloc()));
    }

    private static List<X509Certificate> certificates(Path file, String what) {
        if (file == null) throw new IllegalArgumentException("no " + what + " file given");
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(c -> (X509Certificate) c)
                    .toList();
            if (certs.isEmpty()) throw new CertificateException("no certificate in the file");
            return certs;
        } catch (IOException | CertificateException e) {
            throw new IllegalArgumentException("could not load the " + what + " " + file + ": " + e.getMessage(), e);
        }
    }
}
