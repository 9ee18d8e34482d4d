package dev.skep.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node's identity swapped while TLS endpoints built on it keep running (JDK engine, real handshakes). */
class SecurityConfigTest {
    final RootCA ca = RootCA.create();
    final SecurityConfig server = SecurityConfig.inMemory(TlsHandshakeTest.node(ca, "m1", "manager", "clu"));
    final NodeCertificate client = TlsHandshakeTest.node(ca, "w1", "worker", "clu");
    final List<SSLSocket> accepted = new ArrayList<>();
    SSLServerSocket listener;

    @TempDir
    Path dir;

    @AfterEach
    void close() throws IOException {
        if (listener != null) listener.close();
        for (SSLSocket s : accepted) s.close();
    }

    @Test
    void newHandshakesSeeTheRenewedCertificateWhileOpenConnectionsGoOn() throws Exception {
        serveEchoes();
        try (SSLSocket before = connect()) {
            assertThat(echo(before, 1)).isEqualTo(1);
            assertThat(peerSerial(before)).isEqualTo(serial(server.current()));

            NodeCertificate renewed = TlsHandshakeTest.node(ca, "m1", "manager", "clu");
            server.update(renewed);

            try (SSLSocket after = connect()) {
                assertThat(echo(after, 2)).isEqualTo(2);
                assertThat(peerSerial(after)).isEqualTo(serial(renewed));
            }
            assertThat(echo(before, 3)).isEqualTo(3); // the connection made before the renewal still works
        }
    }

    @Test
    void aRenewalMustNameTheSameNodeOfTheSameCluster() {
        NodeCertificate before = server.current();
        assertThatThrownBy(() -> server.update(TlsHandshakeTest.node(ca, "m2", "manager", "clu")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("m1");
        assertThatThrownBy(() -> server.update(TlsHandshakeTest.node(ca, "m1", "manager", "other")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(server.current()).isSameAs(before);
    }

    @Test
    void anUpdateIsSavedAndListenersHearOfIt() {
        NodeCertificate first = TlsHandshakeTest.node(ca, "w1", "worker", "clu");
        first.save(dir);
        SecurityConfig security = SecurityConfig.of(first, dir);
        AtomicReference<NodeCertificate> heard = new AtomicReference<>();
        security.onUpdate(heard::set);

        NodeCertificate renewed = TlsHandshakeTest.node(ca, "w1", "manager", "clu");
        security.update(renewed);

        assertThat(heard.get()).isSameAs(renewed);
        NodeCertificate loaded = NodeCertificate.load(dir);
        assertThat(loaded.certificate()).isEqualTo(renewed.certificate());
        assertThat(loaded.key().getEncoded()).isEqualTo(renewed.key().getEncoded());
    }

    private void serveEchoes() throws Exception {
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(
                new javax.net.ssl.KeyManager[] {server.keyManager()},
                new TrustManager[] {ClusterTrustManager.peers(ca.certificate(), "clu", null)},
                new SecureRandom());
        listener = (SSLServerSocket)
                context.getServerSocketFactory().createServerSocket(0, 5, InetAddress.getLoopbackAddress());
        listener.setNeedClientAuth(true);
        Thread.ofVirtual().start(() -> {
            while (!listener.isClosed()) {
                try {
                    SSLSocket s = (SSLSocket) listener.accept();
                    synchronized (accepted) {
                        accepted.add(s);
                    }
                    Thread.ofVirtual().start(() -> echoAll(s));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    private static void echoAll(SSLSocket s) {
        try {
            int b;
            while ((b = s.getInputStream().read()) >= 0) {
                s.getOutputStream().write(b);
                s.getOutputStream().flush();
            }
        } catch (IOException e) {
            // closed
        }
    }

    private SSLSocket connect() throws IOException {
        SSLContext context = TlsContexts.clientContext(client);
        SSLSocket s = (SSLSocket)
                context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        s.startHandshake();
        return s;
    }

    private static int echo(SSLSocket s, int value) {
        try {
            s.getOutputStream().write(value);
            s.getOutputStream().flush();
            return s.getInputStream().read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BigInteger peerSerial(SSLSocket s) throws IOException {
        return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSerialNumber();
    }

    private static BigInteger serial(NodeCertificate c) {
        return c.certificate().getSerialNumber();
    }
}
