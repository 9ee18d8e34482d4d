package dev.skep.cluster.ca;

import dev.skep.cluster.Errors;
import dev.skep.cluster.ManagerPeer;
import dev.skep.cluster.ca.CaProtocol.Empty;
import dev.skep.cluster.ca.CaProtocol.IssueRequest;
import dev.skep.cluster.ca.CaProtocol.IssueResponse;
import dev.skep.cluster.ca.CaProtocol.RootCa;
import dev.skep.trust.NodeIdentity;
import dev.skep.trust.Pem;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Supplier;

/** {@code skep.CA}, open to callers without a certificate: the token is what they prove. */
public final class CaService {
    private final X509Certificate root;
    private final CertificateIssuer issuer;
    private final Supplier<List<ManagerPeer>> managers;

    public CaService(X509Certificate root, CertificateIssuer issuer, Supplier<List<ManagerPeer>> managers) {
        this.root = root;
        this.issuer = issuer;
        this.managers = managers;
    }

    public ServerServiceDefinition definition() {
        return ServerServiceDefinition.builder(CaProtocol.SERVICE)
                .addMethod(
                        CaProtocol.GET_ROOT_CA,
                        ServerCalls.asyncUnaryCall((Empty req, io.grpc.stub.StreamObserver<RootCa> out) ->
                                Errors.answer(out, () -> new RootCa(Pem.encode(currentRoot())))))
                .addMethod(
                        CaProtocol.ISSUE,
                        ServerCalls.asyncUnaryCall((IssueRequest req, io.grpc.stub.StreamObserver<IssueResponse> out) ->
                                Errors.answer(out, () -> issue(req))))
                .build();
    }

    private IssueResponse issue(IssueRequest req) {
        if (issuer == null) {
            throw Status.UNAVAILABLE
                    .withDescription("this manager does not issue certificates")
                    .asRuntimeException();
        }
        if (req.token() == null || req.token().isBlank() || req.csr() == null) {
            throw new IllegalArgumentException("a join token and a certificate request are required");
        }
        List<X509Certificate> chain = issuer.issueChain(req.token(), req.csr());
        NodeIdentity who = NodeIdentity.of(chain.get(0));
        return new IssueResponse(Pem.encode(chain), who.nodeId(), NodeIdentity.ou(who.role()), managers.get());
    }

    /** The cluster's root as the CA knows it now (a root rotation changes it), else the one this manager has. */
    private X509Certificate currentRoot() {
        X509Certificate current = issuer == null ? null : issuer.rootCa();
        return current != null ? current : root;
    }
}
