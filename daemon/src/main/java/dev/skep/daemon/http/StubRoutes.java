package dev.skep.daemon.http;

import dev.skep.api.errors.ApiException;
import java.util.List;

/**
 * Secrets, configs and registry lookups are not served yet. Lists are empty so the CLI paths
 * that merely look things up keep working; creating is 501 and a named lookup is 404.
 */
final class StubRoutes {
    private final Controls controls;

    StubRoutes(Controls controls) {
        this.controls = controls;
    }

    void register(Router r) {
        for (String kind : List.of("secret", "config")) {
            String base = "/" + kind + "s";
            r.get(base, req -> {
                controls.store();
                return ApiResponse.json(List.of());
            });
            r.get(base + "/{id}", req -> {
                throw ApiException.notFound(kind + " " + req.param("id") + " not found");
            });
            r.delete(base + "/{id}", req -> {
                throw ApiException.notFound(kind + " " + req.param("id") + " not found");
            });
            r.post(base + "/create", req -> {
                throw ApiException.notImplemented(kind + "s are not supported by Skep yet");
            });
            r.post(base + "/{id}/update", req -> {
                throw ApiException.notFound(kind + " " + req.param("id") + " not found");
            });
        }
        r.get("/distribution/{name*}/json", req -> {
            throw ApiException.notImplemented("Skep does not query registries: image " + req.param("name")
                    + " is used as given, without resolving its digest");
        });
    }
}
