package dev.skep.cluster;

import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A unary call that only the leader answers: tries the managers in turn, follows "not the leader" to the
 * one named, moves on past managers that are down or know no leader; any other answer is final.
 */
public final class LeaderCalls {
    private LeaderCalls() {}

    public static <Q, R> R call(
            Channels channels, List<String> managers, Duration timeout, MethodDescriptor<Q, R> method, Q request) {
        List<String> tried = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<String> queue = new ArrayList<>(managers);
        while (!queue.isEmpty()) {
            String addr = queue.remove(0);
            if (tried.contains(addr)) continue;
            tried.add(addr);
            try {
                return ClientCalls.blockingUnaryCall(
                        channels.get(addr),
                        method,
                        CallOptions.DEFAULT.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS),
                        request);
            } catch (StatusRuntimeException e) {
                String leader = NotLeader.leaderOf(e);
                if (leader != null) {
                    queue.add(0, leader);
                } else if (!retryElsewhere(e)) {
                    throw new ClusterException(Errors.describe(e), e);
                }
                failures.add(addr + ": " + Errors.describe(e));
            }
        }
        throw new ClusterException(
                "no manager could " + method.getBareMethodName() + ": " + String.join("; ", failures));
    }

    /** Down, slow, not leading, or not offering the service (a manager that is itself stepping down). */
    private static boolean retryElsewhere(StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        return code == Status.Code.UNAVAILABLE
                || code == Status.Code.DEADLINE_EXCEEDED
                || code == Status.Code.UNIMPLEMENTED
                || NotLeader.is(e);
    }
}
