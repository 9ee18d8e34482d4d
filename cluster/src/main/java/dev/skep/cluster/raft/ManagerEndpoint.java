package dev.skep.cluster.raft;

import dev.skep.cluster.Caller;
import dev.skep.cluster.Errors;
import dev.skep.cluster.NotLeader;
import dev.skep.cluster.raft.ManagerProtocol.DataKeysResponse;
import dev.skep.cluster.raft.ManagerProtocol.Empty;
import dev.skep.cluster.raft.ManagerProtocol.JoinRaftRequest;
import dev.skep.cluster.raft.ManagerProtocol.LeaveRaftRequest;
import dev.skep.cluster.raft.ManagerProtocol.MembersResponse;
import dev.skep.trust.NodeIdentity;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * {@code skep.Manager}: lets a manager that joins or leaves ask the leader to change the Raft group.
 * Changes go to the leader only; others answer "not the leader" with its address.
 */
public final class ManagerEndpoint {
    private final RaftMembership raft;
    private final Supplier<String> leaderAddr;

    public ManagerEndpoint(RaftMembership raft, Supplier<String> leaderAddr) {
        this.raft = raft;
        this.leaderAddr = leaderAddr;
    }

    public ServerServiceDefinition definition() {
        return ServerServiceDefinition.builder(ManagerProtocol.SERVICE)
                .addMethod(
                        ManagerProtocol.JOIN_RAFT,
                        ServerCalls.asyncUnaryCall((JoinRaftRequest req, StreamObserver<MembersResponse> out) ->
                                Errors.answer(out, () -> joinRaft(req))))
                .addMethod(
                        ManagerProtocol.LEAVE_RAFT,
                        ServerCalls.asyncUnaryCall((LeaveRaftRequest req, StreamObserver<MembersResponse> out) ->
                                Errors.answer(out, () -> leaveRaft(req))))
                .addMethod(
                        ManagerProtocol.DATA_KEYS,
                        ServerCalls.asyncUnaryCall((Empty req, StreamObserver<DataKeysResponse> out) ->
                                Errors.answer(out, this::dataKeys)))
                .addMethod(
                        ManagerProtocol.MEMBERS,
                        ServerCalls.asyncUnaryCall((Empty req, StreamObserver<MembersResponse> out) ->
                                Errors.answer(out, () -> new MembersResponse(raft.members(), raft.groupId()))))
                .build();
    }

    private MembersResponse joinRaft(JoinRaftRequest req) throws Exception {
        requireLeader();
        if (req.peerId() == null || req.raftAddress() == null) {
            throw new IllegalArgumentException("a peer ID and a Raft address are required");
        }
        NodeIdentity caller = Caller.identity();
        if (!req.peerId().equals(caller.nodeId())) {
            throw new SecurityException("node " + caller.nodeId() + " may only add itself to the Raft group");
        }
        raft.addMember(req.peerId(), req.raftAddress());
        return new MembersResponse(raft.members(), raft.groupId());
    }

    private DataKeysResponse dataKeys() {
        byte[] keys = raft.dataKeys();
        return new DataKeysResponse(keys == null ? null : Base64.getEncoder().encodeToString(keys));
    }

    /**
     * A manager takes only itself out of the group ({@code swarm leave}); taking out another one is the leader's
     * own decision from the store (a demotion, {@code node rm}), never a peer's request.
     */
    private MembersResponse leaveRaft(LeaveRaftRequest req) throws Exception {
        requireLeader();
        if (req.peerId() == null) throw new IllegalArgumentException("a peer ID is required");
        NodeIdentity caller = Caller.identity();
        if (!req.peerId().equals(caller.nodeId())) {
            throw new SecurityException("node " + caller.nodeId() + " may only remove itself from the Raft group");
        }
        raft.removeMember(req.peerId());
        return new MembersResponse(raft.members(), raft.groupId());
    }

    private void requireLeader() {
        if (!raft.isLeader()) throw NotLeader.error(leaderAddr.get());
    }
}
