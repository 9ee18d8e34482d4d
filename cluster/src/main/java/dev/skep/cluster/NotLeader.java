package dev.skep.cluster;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The "not the leader" answer: FAILED_PRECONDITION whose message names the leader's address, which also
 * travels in the {@code skep-leader} trailer so clients need not parse text.
 */
public final class NotLeader {
    public static final String PREFIX = "not the leader; leader is ";
    private static final Metadata.Key<String> LEADER = Metadata.Key.of("skep-leader", Metadata.ASCII_STRING_MARSHALLER);

    private NotLeader() {}

    public static StatusRuntimeException error(String leaderAddr) {
        if (leaderAddr == null || leaderAddr.isBlank()) {
            return Status.FAILED_PRECONDITION
                    .withDescription("not the leader; no leader is known")
                    .asRuntimeException();
        }
        Metadata trailers = new Metadata();
        trailers.put(LEADER, leaderAddr);
        return Status.FAILED_PRECONDITION.withDescription(PREFIX + leaderAddr).asRuntimeException(trailers);
    }

    public static boolean is(StatusRuntimeException e) {
        String d = e.getStatus().getDescription();
        return e.getStatus().getCode() == Status.Code.FAILED_PRECONDITION
                && d != null
                && d.startsWith("not the leader");
    }

    /** The leader an error redirects to, or null. */
    public static String leaderOf(StatusRuntimeException e) {
        if (!is(e)) return null;
        String fromTrailer = e.getTrailers() == null ? null : e.getTrailers().get(LEADER);
        if (fromTrailer != null) return fromTrailer;
        String d = e.getStatus().getDescription();
        return d.startsWith(PREFIX) ? d.substring(PREFIX.length()).trim() : null;
    }
}
