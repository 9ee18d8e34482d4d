package dev.skep.trust;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** PEM encoding of certificates and keys (Bouncy Castle), and writing key files readable by the owner only. */
public final class Pem {
    private Pem() {}

    /**
     * PEM of a certificate, or of a private key in PKCS#8 ({@code PRIVATE KEY}), the form Netty (gRPC,
     * Ratis) reads key files in.
     */
    public static String encode(Object certOrKey) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            if (certOrKey instanceof PrivateKey key) w.writeObject(new JcaPKCS8Generator(key, null));
            else w.writeObject(certOrKey);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** A PEM bundle of certificates, in order (a certificate then its intermediates). */
    public static String encode(List<X509Certificate> certificates) {
        StringBuilder b = new StringBuilder();
        certificates.forEach(c -> b.append(encode(c)));
        return b.toString();
    }

    public static X509Certificate certificate(String pem) {
        Object o = first(pem);
        if (!(o instanceof X509CertificateHolder holder)) {
            throw new IllegalArgumentException("no certificate in PEM");
        }
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("invalid certificate: " + e.getMessage(), e);
        }
    }

    /** Every certificate in a PEM bundle, in order (a node certificate file: the leaf, then intermediates). */
    public static List<X509Certificate> certificates(String pem) {
        if (pem == null) throw new IllegalArgumentException("empty PEM");
        List<X509Certificate> out = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof X509CertificateHolder holder) {
                    out.add(new JcaX509CertificateConverter().getCertificate(holder));
                }
            }
        } catch (IOException | CertificateException e) {
            throw new IllegalArgumentException("invalid PEM: " + e.getMessage(), e);
        }
        if (out.isEmpty()) throw new IllegalArgumentException("no certificate in PEM");
        return out;
    }

    /** A private key in PKCS#8 or SEC1 ({@code EC PRIVATE KEY}, as SwarmKit writes it) form. */
    public static PrivateKey privateKey(String pem) {
        Object o = first(pem);
        try {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (o instanceof PEMKeyPair pair) return converter.getPrivateKey(pair.getPrivateKeyInfo());
            if (o instanceof PrivateKeyInfo info) return converter.getPrivateKey(info);
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid private key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("no private key in PEM");
    }

    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a PEM file as every node file is written: 0600, atomically ({@link PrivateFiles}). */
    public static void write(Path file, String pem) {
        PrivateFiles.write(file, pem);
    }

    private static Object first(String pem) {
        if (pem == null) throw new IllegalArgumentException("empty PEM");
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o = parser.readObject();
            if (o == null) throw new IllegalArgumentException("empty PEM");
            return o;
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid PEM: " + e.getMessage(), e);
        }
    }
}
