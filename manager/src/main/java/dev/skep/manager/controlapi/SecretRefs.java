package dev.skep.manager.controlapi;

import dev.skep.api.filters.Filters;
import dev.skep.api.model.Config;
import dev.skep.api.model.ContainerSpec;
import dev.skep.api.model.Secret;
import dev.skep.api.model.Service;
import dev.skep.api.model.ServiceSpec;
import dev.skep.api.validation.RpcErrors;
import dev.skep.store.ReadTx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What secrets and configs share in the control API: SwarmKit's list filters, its check that a service's
 * references name existing objects, and its refusal to remove one that a service uses.
 */
final class SecretRefs {
    static final Set<String> LIST_FILTERS = Set.of("id", "name", "names", "label");

    private SecretRefs() {}

    /**
     * SwarmKit's list request: {@code names} exact, {@code name} and {@code id} prefixes, any of them matching
     * (an OR, as {@code store.Or}); labels must all match.
     */
    static boolean matches(Filters f, String id, String name, Map<String, String> labels) {
        boolean byName = f.get("names").isEmpty()
                && f.get("name").isEmpty()
                && f.get("id").isEmpty();
        for (String n : f.get("names")) byName |= n.equals(name);
        for (String n : f.get("name")) byName |= name != null && name.startsWith(n);
        for (String p : f.get("id")) byName |= id.startsWith(p);
        return byName && f.matchesLabels("label", labels);
    }

    /** The spec's references name stored objects under their current names, else 400 naming them. */
    static void checkExistence(ReadTx tx, ServiceSpec spec) {
        ContainerSpec c =
                spec.taskTemplate() == null ? null : spec.taskTemplate().containerSpec();
        if (c == null) return;
        List<String> missing = new ArrayList<>();
        for (ContainerSpec.SecretReference r : list(c.secrets())) {
            Secret s = tx.secrets().get(r.secretID());
            if (s == null || !s.name().equals(r.secretName())) missing.add(r.secretName());
        }
        if (!missing.isEmpty()) throw notFound("secret", missing);
        for (ContainerSpec.ConfigReference r : list(c.configs())) {
            Config s = tx.configs().get(r.configID());
            if (s == null || !s.name().equals(r.configName())) missing.add(r.configName());
        }
        if (!missing.isEmpty()) throw notFound("config", missing);
    }

    private static RuntimeException notFound(String kind, List<String> names) {
        String noun = names.size() == 1 ? kind : kind + "s";
        return RpcErrors.invalidArgument(noun + " not found: " + String.join(", ", names));
    }

    /** Refuses to remove an object a service references, in SwarmKit's words. */
    static void checkUnused(ReadTx tx, String kind, String id, String name, Function<ContainerSpec, List<String>> ids) {
        List<String> users = new ArrayList<>();
        for (Service s : tx.services().all()) {
            ContainerSpec c = s.spec().taskTemplate() == null
                    ? null
                    : s.spec().taskTemplate().containerSpec();
            if (c != null && ids.apply(c).contains(id)) users.add(s.name());
        }
        if (users.isEmpty()) return;
        String noun = users.size() == 1 ? "service" : "services";
        throw RpcErrors.invalidArgument(
                kind + " '" + name + "' is in use by the following " + noun + ": " + String.join(", ", users));
    }

    static List<String> secretIds(ContainerSpec c) {
        return list(c.secrets()).stream()
                .map(ContainerSpec.SecretReference::secretID)
                .toList();
    }

    static List<String> configIds(ContainerSpec c) {
        return list(c.configs()).stream()
                .map(ContainerSpec.ConfigReference::configID)
                .toList();
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }
}
