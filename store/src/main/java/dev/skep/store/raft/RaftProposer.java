package dev.skep.store.raft;

import dev.skep.api.json.Json;
import dev.skep.store.ApplyResult;
import dev.skep.store.Proposer;
import dev.skep.store.StoreUnavailableException;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * Proposes through Ratis: the client sends the proposal to the leader, which replies once the entry is committed
 * and applied there. The future completes only when this member has applied it too, so a writer always reads
 * its own write from the local store, leader or not.
 */
public final class RaftProposer implements Proposer {
    private final RaftClient client;
    private final RaftServer.Division member;
    private final StoreStateMachine stateMachine;

    public RaftProposer(RaftClient client, RaftServer.Division member, StoreStateMachine stateMachine) {
        this.client = client;
        this.member = member;
        this.stateMachine = stateMachine;
    }

    @Override
    public CompletableFuture<ApplyResult> propose(byte[] proposal) {
        CompletableFuture<RaftClientReply> sent;
        try {
            sent = client.async().send(Message.valueOf(ByteString.copyFrom(proposal)));
        } catch (RuntimeException e) {
            // A closed client refuses at once; writers see the same failure as for a lost quorum.
            return CompletableFuture.failedFuture(new StoreUnavailableException("cannot propose: " + e, e));
        }
        return sent.thenCompose(reply -> {
            ApplyResult result = decode(reply);
            return stateMachine.whenApplied(result.index()).thenApply(applied -> result);
        });
    }

    private static ApplyResult decode(RaftClientReply reply) {
        if (!reply.isSuccess()) {
            throw new StoreUnavailableException("the proposal was not committed: " + reply.getException(),
                    reply.getException());
        }
        return Json.read(reply.getMessage().getContent().toByteArray(), ApplyResult.class);
    }

    @Override
    public boolean isLeader() {
        return member.getInfo().isLeader();
    }
}
