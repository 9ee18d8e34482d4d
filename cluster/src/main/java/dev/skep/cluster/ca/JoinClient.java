package dev.skep.cluster.ca;

import dev.skep.cluster.Channels;
import dev.skep.cluster.ClusterException;
import dev.skep.cluster.Errors;
import dev.skep.cluster.Tls;
import dev.skep.cluster.ca.CaProtocol.Empty;
import dev.skep.cluster.ca.CaProtocol.IssueRequest;
import dev.skep.cluster.ca.CaProtocol.IssueResponse;
import dev.skep.trust.JoinTokens;
import dev.skep.trust.NodeCertificate;
import dev.skep.trust.NodeCsr;
import dev.skep.trust.NodeIdentity;
import dev.skep.trust.Pem;
import dev.skep.trust.RootCA;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code swarm join} on the cluster port: fetch the root CA without trusting anyone, keep it only if it
 * matches the token's digest, then — now verifying the manager against that root — send a certificate
 * request with the token and take home the signed certificate. Nothing is kept when any step fails.
 */
public final class JoinClient {
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private JoinClient() {}

    /**
     * Joins through the manager at {@code managerAddr} (HOST:PORT) as a new node: the CA names it. Throws {@link ClusterException} with the manager's message
     * (a wrong token, say) or with why the manager could not be trusted or reached.
     */
    public static JoinResult join(String managerAddr, String token) {
        try {
            JoinTokens.parse(token);
        } catch (IllegalArgumentException e) {
            throw new ClusterException(e.getMessage());
        }
        X509Certificate root = downloadRootCa(managerAddr);
        if (!JoinTokens.checkRootCa(token, root)) {
            throw new ClusterException("the root CA of " + managerAddr + " does not match the join token's digest");
        }
        NodeCsr csr = NodeCsr.create();
        IssueResponse issued = call(
                managerAddr,
                Tls.anonymous(root),
                channel -> ClientCalls.blockingUnaryCall(
                        channel, CaProtocol.ISSUE, options(), new IssueRequest(token, csr.der())));
        NodeCertificate identity;
        X509Certificate certificate;
        try {
            // During a root rotation the certificate comes with the intermediate that leads it to this root.
            List<X509Certificate> chain = Pem.certificates(issued.certificate());
            certificate = chain.get(0);
            RootCA.verifyChain(chain, List.of(root), Clock.systemUTC());
            identity = csr.withChain(chain, root);
        } catch (CertificateException | IllegalArgumentException e) {
            throw new ClusterException("the manager returned an unusable certificate: " + e.getMessage(), e);
        }
        NodeIdentity who = NodeIdentity.of(certificate);
        return new JoinResult(
                identity, who.nodeId(), who.role(), issued.managers() == null ? List.of() : issued.managers());
    }

    /** The manager's root CA, not yet trusted: the caller checks it against a token. */
    public static X509Certificate downloadRootCa(String managerAddr) {
        CaProtocol.RootCa root = call(
                managerAddr,
                Tls.unverified(),
                channel -> ClientCalls.blockingUnaryCall(channel, CaProtocol.GET_ROOT_CA, options(), new Empty()));
        try {
            return Pem.certificate(root.certificate());
        } catch (IllegalArgumentException e) {
            throw new ClusterException(managerAddr + " sent no usable root CA certificate", e);
        }
    }

    private static CallOptions options() {
        return CallOptions.DEFAULT.withDeadlineAfter(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private interface Call<R> {
        R on(ManagedChannel channel);
    }

    private static <R> R call(String addr, io.grpc.ChannelCredentials credentials, Call<R> call) {
        ManagedChannel channel = Channels.open(addr, credentials);
        try {
            return call.on(channel);
        } catch (StatusRuntimeException e) {
            throw new ClusterException(Errors.describe(e), e);
        } finally {
            Channels.close(channel);
        }
    }
}
