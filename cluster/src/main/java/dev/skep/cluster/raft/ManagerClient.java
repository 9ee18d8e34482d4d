package dev.skep.cluster.raft;

import dev.skep.cluster.Channels;
import dev.skep.cluster.LeaderCalls;
import dev.skep.cluster.Tls;
import dev.skep.cluster.raft.ManagerProtocol.Empty;
import dev.skep.cluster.raft.ManagerProtocol.JoinRaftRequest;
import dev.skep.cluster.raft.ManagerProtocol.LeaveRaftRequest;
import dev.skep.cluster.raft.ManagerProtocol.MembersResponse;
import dev.skep.trust.NodeCertificate;
import dev.skep.trust.SecurityConfig;
import io.grpc.MethodDescriptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A manager asking the leader (through any manager, following "not the leader") to change the Raft group:
 * on {@code swarm join} with a manager token, {@code swarm leave}, {@code node demote}. Needs a manager's
 * certificate.
 */
public final class ManagerClient implements AutoCloseable {
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final Channels channels;
    private final List<String> managers;

    public ManagerClient(NodeCertificate identity, List<String> managers) {
        this.channels = new Channels(Tls.client(identity));
        this.managers = new ArrayList<>(managers);
    }

    /** With the node's renewable identity: a join that outlasts a renewal goes on with the new certificate. */
    public ManagerClient(SecurityConfig security, List<String> managers) {
        this.channels = new Channels(security);
        this.managers = new ArrayList<>(managers);
    }

    /** Adds {@code peerId} (the caller itself) to the Raft group; returns the members afterwards. */
    public List<RaftMember> joinRaft(String peerId, String raftAddress) {
        return call(ManagerProtocol.JOIN_RAFT, new JoinRaftRequest(peerId, raftAddress))
                .members();
    }

    /** Removes {@code peerId} (the caller itself: no one else may) from the Raft group; returns the members after. */
    public List<RaftMember> leaveRaft(String peerId) {
        return call(ManagerProtocol.LEAVE_RAFT, new LeaveRaftRequest(peerId)).members();
    }

    /** The Raft group's members as the first manager that answers knows them. */
    public List<RaftMember> members() {
        return call(ManagerProtocol.MEMBERS, new Empty()).members();
    }

    /** The Raft group's ID as the first manager that answers knows it, or null. */
    public String groupId() {
        return call(ManagerProtocol.MEMBERS, new Empty()).groupId();
    }

    /** The swarm's data keys as a manager holds them (encoded), or null when its Raft log is in clear. */
    public byte[] dataKeys() {
        String keys = LeaderCalls.call(channels, managers, CALL_TIMEOUT, ManagerProtocol.DATA_KEYS, new Empty())
                .keys();
        return keys == null ? null : Base64.getDecoder().decode(keys);
    }

    /** Follows "not the leader" redirects and moves past managers that are down (shared with NodeCaClient). */
    private <Q> MembersResponse call(MethodDescriptor<Q, MembersResponse> method, Q request) {
        return LeaderCalls.call(channels, managers, CALL_TIMEOUT, method, request);
    }

    @Override
    public void close() {
        channels.close();
    }
}
