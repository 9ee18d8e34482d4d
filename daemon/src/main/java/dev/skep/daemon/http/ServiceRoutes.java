package dev.skep.daemon.http;

import dev.skep.api.errors.ApiException;
import dev.skep.api.model.ServiceSpec;
import dev.skep.manager.allocator.EndpointSettling;
import dev.skep.manager.controlapi.ServiceApi;
import dev.skep.store.MemoryStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /services…} (logs are in {@link LogRoutes}). */
final class ServiceRoutes {
    /**
     * How long a create's answer may wait for the allocator's endpoint write (see {@link EndpointSettling}); it
     * takes milliseconds unless a network is not allocated yet.
     */
    private static final Duration ENDPOINT_SETTLING = Duration.ofSeconds(1);

    private final Controls controls;

    ServiceRoutes(Controls controls) {
        this.controls = controls;
    }

    void register(Router r) {
        r.get("/services", req -> ApiResponse.json(controls.services().list(req.filters(), req.flag("status"))));
        r.post("/services/create", req -> {
            ServiceSpec spec = req.body(ServiceSpec.class, "a ServiceSpec");
            MemoryStore store = controls.store();
            String id = new ServiceApi(store).create(spec);
            EndpointSettling.await(store, id, ENDPOINT_SETTLING);
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
