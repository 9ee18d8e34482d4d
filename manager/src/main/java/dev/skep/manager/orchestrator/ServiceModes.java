package dev.skep.manager.orchestrator;

import dev.skep.api.model.Service;

/** Which orchestrator owns a service. Job modes belong to none of these yet and are left alone. */
public final class ServiceModes {
    private ServiceModes() {}

    public static boolean isReplicated(Service s) {
        return s != null
                && s.spec() != null
                && s.spec().mode() != null
                && s.spec().mode().replicated() != null;
    }

    public static boolean isGlobal(Service s) {
        return s != null
                && s.spec() != null
                && s.spec().mode() != null
                && s.spec().mode().global() != null;
    }

    public static long replicas(Service s) {
        Long r = s.spec().mode().replicated().replicas();
        return r == null ? 1 : r;
    }
}
