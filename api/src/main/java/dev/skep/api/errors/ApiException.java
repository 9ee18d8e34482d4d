package dev.skep.api.errors;

/**
 * An error the client API reports as {@code {"message": …}} with Docker's HTTP status: 400 invalid
 * argument, 404 not found, 409 conflict, 503 unavailable (not in a swarm, not a manager, no quorum).
 */
public class ApiException extends RuntimeException {
    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ApiException invalid(String message) {
        return new ApiException(400, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, message);
    }

    public static ApiException unavailable(String message) {
        return new ApiException(503, message);
    }

    public static ApiException notImplemented(String message) {
        return new ApiException(501, message);
    }
}
