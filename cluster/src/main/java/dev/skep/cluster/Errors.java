package dev.skep.cluster;

import dev.skep.api.errors.ApiException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Callable;

/** Turns exceptions of the services behind the cluster port into gRPC statuses, keeping their messages. */
public final class Errors {
    public static final String SESSION_INVALID = "session invalid";

    private Errors() {}

    public static StatusRuntimeException status(Throwable e) {
        if (e instanceof StatusRuntimeException s) return s;
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        Status status;
        if (e instanceof SecurityException) {
            status = Status.PERMISSION_DENIED;
        } else if (e instanceof ApiException api) {
            status = forHttp(api.status());
        } else if (e instanceof IllegalArgumentException) {
            status = Status.INVALID_ARGUMENT;
        } else if (SESSION_INVALID.equals(message)) {
            status = Status.NOT_FOUND;
        } else if (e instanceof IllegalStateException) {
            status = Status.FAILED_PRECONDITION;
        } else {
            status = Status.INTERNAL;
        }
        return status.withDescription(message).withCause(e).asRuntimeException();
    }

    /** The gRPC code for an API error's HTTP status (the CA and control API speak ApiException). */
    private static Status forHttp(int http) {
        return switch (http) {
            case 400 -> Status.INVALID_ARGUMENT;
            case 403 -> Status.PERMISSION_DENIED;
            case 404 -> Status.NOT_FOUND;
            case 409 -> Status.ALREADY_EXISTS;
            case 501 -> Status.UNIMPLEMENTED;
            case 503 -> Status.UNAVAILABLE;
            default -> Status.INTERNAL;
        };
    }

    /** Answers a unary call with the handler's result or its failure. */
    public static <R> void answer(StreamObserver<R> out, Callable<R> handler) {
        R result;
        try {
            result = handler.call();
        } catch (Exception e) {
            out.onError(status(e));
            return;
        }
        out.onNext(result);
        out.onCompleted();
    }

    /** The server's message of a failed call, for a person to read. */
    public static String describe(StatusRuntimeException e) {
        String d = e.getStatus().getDescription();
        return d == null ? e.getStatus().getCode().toString() : d;
    }
}
