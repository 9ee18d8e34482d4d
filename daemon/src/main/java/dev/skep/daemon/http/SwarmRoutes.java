package dev.skep.daemon.http;

import dev.skep.api.errors.ApiException;
import dev.skep.api.errors.SwarmErrors;
import dev.skep.api.model.Cluster;
import dev.skep.api.model.SwarmInitRequest;
import dev.skep.api.model.SwarmJoinRequest;
import dev.skep.daemon.LocalNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /swarm…}: init, leave, inspect, update (token rotation), unlock key. */
final class SwarmRoutes {
    private final LocalNode node;
    private final Controls controls;

    SwarmRoutes(LocalNode node, Controls controls) {
        this.node = node;
        this.controls = controls;
    }

    void register(Router r) {
        r.post("/swarm/init", req -> {
            SwarmInitRequest body = req.body(SwarmInitRequest.class, "a SwarmInitRequest");
            return ApiResponse.json(node.initSwarm(body));
        });
        r.post("/swarm/leave", req -> {
            node.leaveSwarm(req.flag("force"));
            return ApiResponse.empty(200);
        });
        r.post("/swarm/join", req -> {
            node.joinSwarm(req.body(SwarmJoinRequest.class, "a SwarmJoinRequest"));
            return ApiResponse.empty(200);
        });
        r.get("/swarm", req -> ApiResponse.json(swarm()));
        r.post("/swarm/update", req -> {
            long version = req.version("swarm");
            Cluster.Spec spec = req.body(Cluster.Spec.class, "a swarm Spec");
            controls.cluster().update(version, spec, req.flag("rotateWorkerToken"), req.flag("rotateManagerToken"));
            boolean autolock = spec.encryptionConfig() != null
                    && Boolean.TRUE.equals(spec.encryptionConfig().autoLockManagers());
            node.autolock(autolock, req.flag("rotateManagerUnlockKey"));
            return ApiResponse.empty(200);
        });
        r.get("/swarm/unlockkey", req -> {
            controls.store();
            Map<String, String> key = new LinkedHashMap<>();
            key.put("UnlockKey", node.unlockKey());
            return ApiResponse.json(key);
        });
        r.post("/swarm/unlock", req -> {
            UnlockRequest body = req.body(UnlockRequest.class, "an UnlockRequest");
            node.unlock(body.unlockKey());
            return ApiResponse.empty(200);
        });
    }

    /** Body of {@code POST /swarm/unlock}. */
    public record UnlockRequest(String unlockKey) {}

    private Cluster swarm() {
        if (node.nodeId() == null) throw ApiException.unavailable(SwarmErrors.NOT_IN_SWARM);
        return controls.cluster().get().withoutSecrets();
    }
}
