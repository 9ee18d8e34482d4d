package dev.skep.cluster.ca;

import dev.skep.cluster.Caller;
import dev.skep.cluster.Errors;
import dev.skep.cluster.NotLeader;
import dev.skep.cluster.ca.NodeCaProtocol.RenewRequest;
import dev.skep.cluster.ca.NodeCaProtocol.RenewResponse;
import dev.skep.cluster.ca.NodeCaProtocol.RoleRequest;
import dev.skep.cluster.ca.NodeCaProtocol.RoleResponse;
import dev.skep.trust.Pem;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@code skep.NodeCA} on a manager. Only the leader answers (others redirect to it): a manager that was just
 * taken out of the Raft group no longer hears of changes, so its own store could not tell it that it was.
 */
public final class NodeCaEndpoint {
    private final NodeRoleAuthority authority;
    private final BooleanSupplier isLeader;
    private final Supplier<String> leaderAddr;

    public NodeCaEndpoint(NodeRoleAuthority authority, BooleanSupplier isLeader, Supplier<String> leaderAddr) {
        this.authority = authority;
        this.isLeader = isLeader;
        this.leaderAddr = leaderAddr;
    }

    public ServerServiceDefinition definition() {
        return ServerServiceDefinition.builder(NodeCaProtocol.SERVICE)
                .addMethod(
                        NodeCaProtocol.NODE_ROLE,
                        ServerCalls.asyncUnaryCall((RoleRequest req, StreamObserver<RoleResponse> out) ->
                                Errors.answer(out, () -> role(req))))
                .addMethod(
                        NodeCaProtocol.RENEW,
                        ServerCalls.asyncUnaryCall((RenewRequest req, StreamObserver<RenewResponse> out) ->
                                Errors.answer(out, () -> renew(req))))
                .build();
    }

    private RoleResponse role(RoleRequest req) {
        requireLeader();
        String nodeId = Caller.identity().nodeId();
        String role = authority.grantedRole(nodeId);
        if (role == null) return new RoleResponse(null);
        NodeRoleAuthority.Trust trust =
                authority.trust(nodeId, Caller.certificate(), req == null ? null : req.trustRoot());
        return trust == null
                ? new RoleResponse(role)
                : new RoleResponse(role, trust.rootCa(), trust.rotationRootCa(), trust.renew());
    }

    private RenewResponse renew(RenewRequest req) {
        requireLeader();
        if (req.csr() == null) throw new IllegalArgumentException("a certificate request is required");
        return new RenewResponse(Pem.encode(authority.renewChain(Caller.certificate(), req.csr())));
    }

    private void requireLeader() {
        if (!isLeader.getAsBoolean()) throw NotLeader.error(leaderAddr.get());
    }
}
