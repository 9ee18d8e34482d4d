package dev.skep.daemon.http;

import dev.skep.api.errors.ApiException;

/** Registry lookups are not served: Skep uses images as given. */
final class StubRoutes {
    private final Controls controls;

    StubRoutes(Controls controls) {
        this.controls = controls;
    }

    void register(Router r) {
        r.get("/distribution/{name*}/json", req -> {
            throw ApiException.notImplemented("Skep does not query registries: image " + req.param("name")
                    + " is used as given, without resolving its digest");
        });
    }
}
