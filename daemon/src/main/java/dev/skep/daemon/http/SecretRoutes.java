package dev.skep.daemon.http;

import dev.skep.api.model.Config;
import dev.skep.api.model.Secret;
import dev.skep.manager.controlapi.ConfigApi;
import dev.skep.manager.controlapi.SecretApi;
import java.util.Map;

/** {@code /secrets…} and {@code /configs…}, served by a manager's control API as dockerd serves them. */
final class SecretRoutes {
    private final Controls controls;

    SecretRoutes(Controls controls) {
        this.controls = controls;
    }

    private SecretApi secrets() {
        return new SecretApi(controls.store());
    }

    private ConfigApi configs() {
        return new ConfigApi(controls.store());
    }

    void register(Router r) {
        r.get("/secrets", req -> ApiResponse.json(secrets().list(req.filters())));
        r.post("/secrets/create", req -> {
            String id = secrets().create(req.body(Secret.SecretSpec.class, "a SecretSpec"));
            return ApiResponse.json(201, Map.of("ID", id));
        });
        r.get("/secrets/{id}", req -> ApiResponse.json(secrets().get(req.param("id"))));
        r.post("/secrets/{id}/update", req -> {
            long version = req.version("secret");
            secrets().update(req.param("id"), version, req.body(Secret.SecretSpec.class, "a SecretSpec"));
            return ApiResponse.empty(200);
        });
        r.delete("/secrets/{id}", req -> {
            secrets().remove(req.param("id"));
            return ApiResponse.empty(204);
        });

        r.get("/configs", req -> ApiResponse.json(configs().list(req.filters())));
        r.post("/configs/create", req -> {
            String id = configs().create(req.body(Config.ConfigSpec.class, "a ConfigSpec"));
            return ApiResponse.json(201, Map.of("ID", id));
        });
        r.get("/configs/{id}", req -> ApiResponse.json(configs().get(req.param("id"))));
        r.post("/configs/{id}/update", req -> {
            long version = req.version("config");
            configs().update(req.param("id"), version, req.body(Config.ConfigSpec.class, "a ConfigSpec"));
            return ApiResponse.empty(200);
        });
        r.delete("/configs/{id}", req -> {
            configs().remove(req.param("id"));
            return ApiResponse.empty(204);
        });
    }
}
