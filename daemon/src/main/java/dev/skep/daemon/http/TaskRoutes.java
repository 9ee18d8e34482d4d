package dev.skep.daemon.http;

/** {@code /tasks…} (logs are in {@link LogRoutes}). */
final class TaskRoutes {
    private final Controls controls;

    TaskRoutes(Controls controls) {
        this.controls = controls;
    }

    void register(Router r) {
        r.get("/tasks", req -> ApiResponse.json(controls.tasks().list(req.filters())));
        r.get("/tasks/{id}", req -> ApiResponse.json(controls.tasks().get(req.param("id"))));
    }
}
