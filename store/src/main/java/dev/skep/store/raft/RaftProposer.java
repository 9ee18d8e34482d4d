package dev.skep.store.raft;

import dev.skep.api.json.Json;
import dev.skep.store.ApplyResult;
import dev.skep.store.Proposer;
import dev.skep.store.StoreUnavailableException;
import dev.skep.trust.DataKeys;
import dev.skep.trust.UnlockKey;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.exceptions.AlreadyClosedException;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * Proposes through Ratis: the client sends the proposal to the leader, which replies once the entry is committed
 * and applied there. The future completes only when this member has applied it too, so a writer always reads
 * its own write from the local store, leader or not.
 */
public final class RaftProposer implements Proposer {
    private volatile Runnable readBarrier = () -> {};

    private volatile RaftClient client;
    private volatile Supplier<RaftClient> reconnect;
    private final RaftServer.Division member;
    private final StoreStateMachine stateMachine;
    private final Duration timeout;
    private final LogCipher cipher;

    public RaftProposer(
            RaftClient client, RaftServer.Division member, StoreStateMachine stateMachine, Duration timeout) {
        this(client, member, stateMachine, timeout, new LogCipher(null));
    }

    RaftProposer(
            RaftClient client,
            RaftServer.Division member,
            StoreStateMachine stateMachine,
            Duration timeout,
            LogCipher cipher) {
        this.cipher = cipher;
        this.client = client;
        this.member = member;
        this.stateMachine = stateMachine;
        this.timeout = timeout;
    }

    /**
     * How to make a new client. Ratis closes a client's ordered request window for good once its retries run
     * out (no quorum for a while); without a new client this member could never write again.
     */
    void setReconnect(Supplier<RaftClient> factory) {
        this.reconnect = factory;
    }

    /** Proposals are sealed here, so the log entry Ratis replicates and keeps never holds them in clear. */
    @Override
    public CompletableFuture<ApplyResult> propose(byte[] proposal) {
        return send(cipher.sealProposal(proposal));
    }

    /** Makes {@code key} the data key of every member from the committed entry on. */
    CompletableFuture<ApplyResult> rotate(DataKeys.Key key) {
        return send(cipher.keyEntry(key));
    }

    /** Sets the swarm's unlock key on every member (null: autolock off) from the committed entry on. */
    CompletableFuture<ApplyResult> setUnlockKey(UnlockKey key) {
        return send(cipher.unlockEntry(key));
    }

    private CompletableFuture<ApplyResult> send(byte[] proposal) {
        if (stateMachine.stopped() != null) return stoppedMember();
        RaftClient c = client;
        CompletableFuture<RaftClientReply> sent;
        try {
            sent = c.async().send(Message.valueOf(ByteString.copyFrom(proposal)));
        } catch (RuntimeException e) {
            renewIfClosed(c, e);
            // A closed client refuses at once; writers see the same failure as for a lost quorum.
            return CompletableFuture.failedFuture(new StoreUnavailableException("cannot propose: " + e, e));
        }
        sent = sent.whenComplete((reply, failure) -> {
            if (failure != null) renewIfClosed(c, failure);
        });
        // The client retries towards a new leader; a proposal that finds no quorum in time fails, although it may
        // still commit later (its outcome is unknown, as with any timed-out write).
        return sent.thenCompose(reply -> {
                    ApplyResult result = decode(reply);
                    return stateMachine.whenApplied(result.index()).thenApply(applied -> result);
                })
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionallyCompose(this::failed);
    }

    /** A failed proposal says why: this member stopped after a failed apply, else the Raft failure. */
    private CompletableFuture<ApplyResult> failed(Throwable failure) {
        return stateMachine.stopped() != null ? stoppedMember() : unavailable(failure);
    }

    private CompletableFuture<ApplyResult> stoppedMember() {
        StoreStateMachine.ApplyFailure stopped = stateMachine.stopped();
        return CompletableFuture.failedFuture(new StoreUnavailableException(stopped.getMessage(), stopped));
    }

    /** Replaces a client whose request window Ratis closed; later proposals use the new one. */
    private void renewIfClosed(RaftClient used, Throwable failure) {
        Supplier<RaftClient> factory = reconnect;
        if (factory == null || !closedWindow(failure)) return;
        synchronized (this) {
            if (client != used) return;
            client = factory.get();
        }
        try {
            used.close();
        } catch (IOException | RuntimeException e) {
            // the old client is gone either way
        }
    }

    private static boolean closedWindow(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AlreadyClosedException) return true;
        }
        return false;
    }

    private static CompletableFuture<ApplyResult> unavailable(Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof StoreUnavailableException e) return CompletableFuture.failedFuture(e);
        String why = cause instanceof TimeoutException ? "no Raft quorum in time" : String.valueOf(cause);
        return CompletableFuture.failedFuture(
                new StoreUnavailableException("the proposal was not committed: " + why, cause));
    }

    private static ApplyResult decode(RaftClientReply reply) {
        if (!reply.isSuccess()) {
            throw new StoreUnavailableException(
                    "the proposal was not committed: " + reply.getException(), reply.getException());
        }
        return Json.read(reply.getMessage().getContent().toByteArray(), ApplyResult.class);
    }

    @Override
    public boolean isLeader() {
        return member.getInfo().isLeader();
    }

    /** Sets how a consistent read is obtained (the owning {@link RaftStore} knows the group). */
    void setReadBarrier(Runnable barrier) {
        this.readBarrier = barrier;
    }

    @Override
    public void readBarrier() {
        readBarrier.run();
    }
}
