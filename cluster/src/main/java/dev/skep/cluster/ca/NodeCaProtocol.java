package dev.skep.cluster.ca;

import dev.skep.cluster.Methods;
import io.grpc.MethodDescriptor;

/**
 * {@code skep.NodeCA}: a node of the cluster, authenticated by its certificate, asks the leader which role
 * it has now and renews its certificate for that role (a promotion or a demotion).
 */
final class NodeCaProtocol {
    static final String SERVICE = "skep.NodeCA";

    /** {@code trustRoot}: the root CA the caller trusts now (PEM), which the leader records in its TLSInfo. */
    record RoleRequest(String trustRoot) {}

    /**
     * The role the cluster grants the caller now, or null when it is no longer a node of the cluster; with the
     * roots a node of the cluster trusts now (the cluster's, and the new one during a root rotation) and whether
     * the caller must renew its certificate at once (a root rotation wants one from the new root).
     */
    record RoleResponse(String role, String rootCa, String rotationRootCa, Boolean renew) {
        RoleResponse(String role) {
            this(role, null, null, null);
        }
    }

    /** A PKCS#10 request (DER) for the caller's new key. */
    record RenewRequest(byte[] csr) {}

    /** The caller's new certificate, PEM, followed by its intermediates (during a root rotation). */
    record RenewResponse(String certificate) {}

    static final MethodDescriptor<RoleRequest, RoleResponse> NODE_ROLE =
            Methods.unary(SERVICE, "NodeRole", RoleRequest.class, RoleResponse.class);
    static final MethodDescriptor<RenewRequest, RenewResponse> RENEW =
            Methods.unary(SERVICE, "RenewNodeCertificate", RenewRequest.class, RenewResponse.class);

    private NodeCaProtocol() {}
}
