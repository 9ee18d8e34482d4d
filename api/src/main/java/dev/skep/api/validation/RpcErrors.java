package dev.skep.api.validation;

import dev.skep.api.errors.ApiException;

/**
 * Errors that dockerd passes through from SwarmKit's control API keep SwarmKit's gRPC wording
 * ({@code rpc error: code = InvalidArgument desc = …}), which scripts match on; the HTTP status is the
 * one dockerd maps the gRPC code to.
 */
public final class RpcErrors {
    private RpcErrors() {}

    public static ApiException invalidArgument(String message) {
        return new ApiException(400, rpc("InvalidArgument", message));
    }

    public static ApiException failedPrecondition(String message) {
        return new ApiException(400, rpc("FailedPrecondition", message));
    }

    public static ApiException alreadyExists(String message) {
        return new ApiException(409, rpc("AlreadyExists", message));
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, rpc("NotFound", message));
    }

    public static ApiException unimplemented(String message) {
        return new ApiException(501, rpc("Unimplemented", message));
    }

    private static String rpc(String code, String message) {
        return "rpc error: code = " + code + " desc = " + message;
    }
}
