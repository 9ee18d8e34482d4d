package dev.skep.api.resources;

import dev.skep.api.model.Resources.GenericResource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What is still free of a node's generic resources: the named units not assigned to a task and the rest of each
 * count. The scheduler claims from it when it places a task and gives back when the task ends.
 */
public final class GenericPool {
    private final Map<String, TreeSet<String>> named = new HashMap<>();
    private final Map<String, Long> discrete = new HashMap<>();

    /** All of what a node offers, nothing assigned yet. */
    public GenericPool(List<GenericResource> offered) {
        if (offered == null) return;
        for (GenericResource r : offered) {
            if (r.namedResourceSpec() != null) {
                named.computeIfAbsent(r.namedResourceSpec().kind(), k -> new TreeSet<>())
                        .add(r.namedResourceSpec().value());
            } else if (r.discreteResourceSpec() != null
                    && r.discreteResourceSpec().value() != null) {
                discrete.merge(
                        r.discreteResourceSpec().kind(),
                        r.discreteResourceSpec().value(),
                        Long::sum);
            }
        }
    }

    /** Whether every kind of the request is free in the count asked for. */
    public boolean fits(List<GenericResource> request) {
        for (Map.Entry<String, Long> e : GenericResources.counts(request).entrySet()) {
            if (free(e.getKey()) < e.getValue()) return false;
        }
        return true;
    }

    private long free(String kind) {
        TreeSet<String> values = named.get(kind);
        if (values != null) return values.size();
        return discrete.getOrDefault(kind, 0L);
    }

    /**
     * What a task asking for {@code request} would be assigned here (the first free named units, in order, or a
     * count), without taking it; null when it does not fit.
     */
    public List<GenericResource> claim(List<GenericResource> request) {
        if (!fits(request)) return null;
        List<GenericResource> assigned = new ArrayList<>();
        for (Map.Entry<String, Long> e : GenericResources.counts(request).entrySet()) {
            String kind = e.getKey();
            TreeSet<String> values = named.get(kind);
            if (values == null) {
                assigned.add(GenericResources.discrete(kind, e.getValue()));
                continue;
            }
            Iterator<String> it = values.iterator();
            for (long i = 0; i < e.getValue(); i++) assigned.add(GenericResources.named(kind, it.next()));
        }
        return assigned;
    }

    /** Takes (sign 1) or gives back (sign -1) what a task was assigned. */
    public void take(List<GenericResource> assigned, int sign) {
        if (assigned == null) return;
        for (GenericResource r : assigned) {
            if (r.namedResourceSpec() != null) {
                TreeSet<String> values =
                        named.computeIfAbsent(r.namedResourceSpec().kind(), k -> new TreeSet<>());
                if (sign > 0) values.remove(r.namedResourceSpec().value());
                else values.add(r.namedResourceSpec().value());
            } else if (r.discreteResourceSpec() != null
                    && r.discreteResourceSpec().value() != null) {
                discrete.merge(
                        r.discreteResourceSpec().kind(),
                        -sign * r.discreteResourceSpec().value(),
                        Long::sum);
            }
        }
    }
}
