package dev.skep.trust;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * A joining node's fresh ECDSA P-256 key pair and its PKCS#10 request. Only the public key matters to
 * the CA, which writes the node's identity itself; the key never leaves the node.
 */
public record NodeCsr(KeyPair keyPair, byte[] der) {

    public static NodeCsr create() {
        KeyPair pair = RootCA.newKeyPair();
        try {
            PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(
                            new X500NameBuilder(BCStyle.INSTANCE)
                                    .addRDN(BCStyle.CN, "swarm-node")
                                    .build(),
                            pair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
            return new NodeCsr(pair, csr.getEncoded());
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign the certificate request", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This node's identity once the CA has signed the request. */
    public NodeCertificate withCertificate(X509Certificate certificate, X509Certificate rootCa) {
        if (!certificate.getPublicKey().equals(keyPair.getPublic())) {
            throw new IllegalArgumentException("the issued certificate is not for this node's key");
        }
        return new NodeCertificate(keyPair.getPrivate(), certificate, rootCa);
    }

    /** As {@link #withCertificate}, for an issued chain: the certificate, then its intermediates. */
    public NodeCertificate withChain(java.util.List<X509Certificate> chain, X509Certificate rootCa) {
        NodeCertificate leaf = withCertificate(chain.get(0), rootCa);
        return new NodeCertificate(leaf.key(), leaf.certificate(), rootCa, chain.subList(1, chain.size()));
    }

    /** The public key of a well-formed request whose signature proves possession of the private key. */
    public static PublicKey publicKeyOf(byte[] csrDer) {
        if (csrDer == null || csrDer.length == 0) throw new IllegalArgumentException("empty certificate request");
        try {
            JcaPKCS10CertificationRequest csr = new JcaPKCS10CertificationRequest(csrDer);
            PublicKey key = csr.getPublicKey();
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
                throw new IllegalArgumentException("certificate request signature is invalid");
            }
            return key;
        } catch (IOException
                | RuntimeException
                | GeneralSecurityException
                | OperatorCreationException
                | PKCSException e) {
            if (e instanceof IllegalArgumentException iae) throw iae;
            throw new IllegalArgumentException("invalid certificate request: " + e.getMessage(), e);
        }
    }
}
