package dev.skep.cluster.ca;

import dev.skep.cluster.ManagerPeer;
import dev.skep.cluster.Methods;
import io.grpc.MethodDescriptor;
import java.util.List;

/** {@code skep.CA}: how a node that has only a join token gets the root CA and its certificate. */
final class CaProtocol {
    static final String SERVICE = "skep.CA";

    record Empty() {}

    /** The cluster's root CA certificate, PEM. */
    record RootCa(String certificate) {}

    /**
     * A join: the token and a PKCS#10 request (DER) for the node's key. There is no node ID: the CA makes a new
     * one for every join, so a token holder can never take an existing node's identity.
     */
    record IssueRequest(String token, byte[] csr) {}

    /** The node's certificate (PEM) with the identity and role in it, and the managers to talk to. */
    record IssueResponse(String certificate, String nodeId, String role, List<ManagerPeer> managers) {}

    static final MethodDescriptor<Empty, RootCa> GET_ROOT_CA =
            Methods.unary(SERVICE, "GetRootCACertificate", Empty.class, RootCa.class);
    static final MethodDescriptor<IssueRequest, IssueResponse> ISSUE =
            Methods.unary(SERVICE, "IssueNodeCertificate", IssueRequest.class, IssueResponse.class);

    private CaProtocol() {}
}
