package dev.skep.trust;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;

/** Whether a private key is the one a certificate was issued for: a signature by one verifies with the other. */
final class KeyPairs {
    private static final byte[] PROBE = "swarm-node key check".getBytes(StandardCharsets.US_ASCII);

    private KeyPairs() {}

    static boolean belongTogether(PrivateKey key, X509Certificate certificate) {
        String algorithm = "SHA256with" + ("EC".equals(key.getAlgorithm()) ? "ECDSA" : key.getAlgorithm());
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
