package dev.skep.cluster.raft;

import dev.skep.cluster.Methods;
import io.grpc.MethodDescriptor;
import java.util.List;

/** {@code skep.Manager}: managers asking the leader to change the Raft group. Callers must be managers. */
final class ManagerProtocol {
    static final String SERVICE = "skep.Manager";

    record JoinRaftRequest(String peerId, String raftAddress) {}

    record LeaveRaftRequest(String peerId) {}

    record Empty() {}

    /** The members, and the Raft group's ID (it changes with {@code --force-new-cluster}); null if unknown. */
    record MembersResponse(List<RaftMember> members, String groupId) {}

    static final MethodDescriptor<JoinRaftRequest, MembersResponse> JOIN_RAFT =
            Methods.unary(SERVICE, "JoinRaft", JoinRaftRequest.class, MembersResponse.class);
    static final MethodDescriptor<LeaveRaftRequest, MembersResponse> LEAVE_RAFT =
            Methods.unary(SERVICE, "LeaveRaft", LeaveRaftRequest.class, MembersResponse.class);
    /** The swarm's data keys (encoded {@code DataKeys}, base64), for a manager about to join the Raft group. */
    record DataKeysResponse(String keys) {}

    static final MethodDescriptor<Empty, DataKeysResponse> DATA_KEYS =
            Methods.unary(SERVICE, "DataKeys", Empty.class, DataKeysResponse.class);
    static final MethodDescriptor<Empty, MembersResponse> MEMBERS =
            Methods.unary(SERVICE, "Members", Empty.class, MembersResponse.class);

    private ManagerProtocol() {}
}
