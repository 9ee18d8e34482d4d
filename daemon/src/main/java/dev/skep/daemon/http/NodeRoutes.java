package dev.skep.daemon.http;

import dev.skep.api.model.Node;

/** {@code /nodes…}. */
final class NodeRoutes {
    private final Controls controls;

    NodeRoutes(Controls controls) {
        this.controls = controls;
    }

    void register(Router r) {
        r.get("/nodes", req -> ApiResponse.json(controls.nodes().list(req.filters())));
        r.get("/nodes/{id}", req -> ApiResponse.json(controls.nodes().get(req.param("id"))));
        r.post("/nodes/{id}/update", req -> {
            long version = req.version("node");
            controls.nodes().update(req.param("id"), version, req.body(Node.Spec.class, "a NodeSpec"));
            return ApiResponse.empty(200);
        });
        r.delete("/nodes/{id}", req -> {
            controls.nodes().remove(req.param("id"), req.flag("force"));
            return ApiResponse.empty(200);
        });
    }
}
