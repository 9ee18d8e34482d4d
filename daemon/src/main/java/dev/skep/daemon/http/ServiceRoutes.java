package dev.skep.daemon.http;

import dev.skep.api.errors.ApiException;
import dev.skep.api.model.ServiceSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /services…} (logs are in {@link LogRoutes}). */
final class ServiceRoutes {
    private final Controls controls;

    ServiceRoutes(Controls controls) {
        this.controls = controls;
    }

    void register(Router r) {
        r.get("/services", req -> ApiResponse.json(controls.services().list(req.filters(), req.flag("status"))));
        r.post("/services/create", req -> {
            ServiceSpec spec = req.body(ServiceSpec.class, "a ServiceSpec");
            String id = controls.services().create(spec);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("ID", id);
            body.put("Warnings", null);
            return ApiResponse.json(201, body);
        });
        r.get(
                "/services/{id}",
                req -> ApiResponse.json(controls.services().get(req.param("id"), req.flag("insertDefaults"))));
        r.post("/services/{id}/update", req -> {
            long version = req.version("service");
            String rollback = req.query("rollback");
            boolean previous = "previous".equals(rollback);
            if (rollback != null && !rollback.isEmpty() && !previous) {
                throw ApiException.invalid("unrecognized rollback option " + rollback + ": use rollback=previous");
            }
            ServiceSpec spec = previous ? null : req.body(ServiceSpec.class, "a ServiceSpec");
            controls.services().update(req.param("id"), version, spec, previous);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("Warnings", null);
            return ApiResponse.json(body);
        });
        r.delete("/services/{id}", req -> {
            controls.services().remove(req.param("id"));
            return ApiResponse.empty(200);
        });
    }
}
