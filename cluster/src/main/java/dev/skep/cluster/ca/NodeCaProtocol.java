package dev.skep.cluster.ca;

import dev.skep.cluster.Methods;
import io.grpc.MethodDescriptor;

/**
 * {@code skep.NodeCA}: a node of the cluster, authenticated by its certificate, asks the leader which role
 * it has now and renews its certificate for that role (a promotion or a demotion).
 */
final class NodeCaProtocol {
    static final String SERVICE = "skep.NodeCA";

    record RoleRequest() {}

    /** The role the cluster grants the caller now, or null when it is no longer a node of the cluster. */
    record RoleResponse(String role) {}

    /** A PKCS#10 request (DER) for the caller's new key. */
    record RenewRequest(byte[] csr) {}

    /** The caller's new certificate, PEM. */
    record RenewResponse(String certificate) {}

    static final MethodDescriptor<RoleRequest, RoleResponse> NODE_ROLE =
            Methods.unary(SERVICE, "NodeRole", RoleRequest.class, RoleResponse.class);
    static final MethodDescriptor<RenewRequest, RenewResponse> RENEW =
            Methods.unary(SERVICE, "RenewNodeCertificate", RenewRequest.class, RenewResponse.class);

    private NodeCaProtocol() {}
}
