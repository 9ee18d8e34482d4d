package dev.skep.daemon.http;

import dev.skep.api.errors.ApiException;
import dev.skep.api.model.NetworkCreateRequest;
import dev.skep.manager.controlapi.NetworkApi;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /networks…}: swarm-scoped overlay networks, served by a manager's control API. */
final class NetworkRoutes {
    private final Controls controls;

    NetworkRoutes(Controls controls) {
        this.controls = controls;
    }

    private NetworkApi networks() {
        return new NetworkApi(controls.store());
    }

    void register(Router r) {
        r.get("/networks", req -> {
            NetworkApi api;
            try {
                api = networks();
            } catch (ApiException e) {
                // dockerd outside a swarm (or on a worker) lists only local networks; Skep has none
                if (e.status() == 503) return ApiResponse.json(List.of());
                throw e;
            }
            return ApiResponse.json(api.list(req.filters()));
        });
        r.post("/networks/create", req -> {
            NetworkCreateRequest body = req.body(NetworkCreateRequest.class, "a network create request");
            String id = networks().create(body);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("Id", id);
            out.put("Warning", "");
            return ApiResponse.json(201, out);
        });
        r.get("/networks/{id}", req -> ApiResponse.json(networks().get(req.param("id"))));
        r.delete("/networks/{id}", req -> {
            networks().remove(req.param("id"));
            return ApiResponse.empty(204);
        });
    }
}
