package dev.skep.daemon.http;

import dev.skep.api.errors.ApiException;
import dev.skep.api.errors.SwarmErrors;
import dev.skep.api.validation.RpcErrors;
import dev.skep.store.ConflictException;
import dev.skep.store.StoreUnavailableException;
import java.io.UncheckedIOException;

/** Turns whatever a route threw into dockerd's {@code {"message": …}} and status. */
final class Errors {
    private Errors() {}

    static ApiResponse toResponse(Throwable t) {
        if (t instanceof ApiException e) return ApiResponse.error(e.status(), e.getMessage());
        if (t instanceof ConflictException e) {
            ApiException mapped = e.isNameConflict()
                    ? RpcErrors.alreadyExists(SwarmErrors.NAME_CONFLICT)
                    : RpcErrors.invalidArgument(SwarmErrors.OUT_OF_SEQUENCE);
            return ApiResponse.error(mapped.status(), mapped.getMessage());
        }
        if (t instanceof StoreUnavailableException e) {
            return ApiResponse.error(503, "rpc error: code = Unavailable desc = " + e.getMessage());
        }
        if (t instanceof UncheckedIOException e) return ApiResponse.error(400, e.getMessage());
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return ApiResponse.error(500, message);
    }
}
