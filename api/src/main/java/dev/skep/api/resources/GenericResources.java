package dev.skep.api.resources;

import dev.skep.api.model.Resources.GenericResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Swarm's generic resources (GPUs, SSDs, licences…): what a node offers ({@code --node-generic-resource}, as
 * dockerd's {@code node-generic-resources}), how a task's request is written down, and the environment a task gets
 * for what it was assigned. A node offers a kind either by name, one unit per value ({@code gpu=GPU-0f2c…}), or as a
 * count ({@code ssd=4}); a task asks for a count of a kind ({@code --generic-resource gpu=1}).
 */
public final class GenericResources {
    /** The prefix of the variables that tell a task what it got, as Swarm's executor sets them. */
    public static final String ENV_PREFIX = "DOCKER_RESOURCE_";

    private GenericResources() {}

    /**
     * Parses {@code kind=value} items as dockerd does: a whole number is a count (discrete), anything else one named
     * unit of that kind.
     */
    public static List<GenericResource> parse(List<String> items) {
        List<GenericResource> out = new ArrayList<>();
        for (String item : items) out.add(parse(item));
        return out;
    }

    public static GenericResource parse(String item) {
        int eq = item.indexOf('=');
        if (eq <= 0 || eq == item.length() - 1) {
            throw new IllegalArgumentException(
                    "invalid generic resource " + item + ": expected kind=value, e.g. gpu=GPU-UUID or ssd=4");
        }
        String kind = item.substring(0, eq).trim();
        String value = item.substring(eq + 1).trim();
        try {
            long count = Long.parseLong(value);
            if (count < 0) throw new IllegalArgumentException("invalid generic resource " + item + ": negative count");
            return discrete(kind, count);
        } catch (NumberFormatException named) {
            return named(kind, value);
        }
    }

    public static GenericResource named(String kind, String value) {
        return new GenericResource(new GenericResource.Spec(kind, value), null);
    }

    public static GenericResource discrete(String kind, long value) {
        return new GenericResource(null, new GenericResource.DiscreteSpec(kind, value));
    }

    /** The count a task asks for, by kind (requests are discrete; a named one counts as one unit). */
    public static Map<String, Long> counts(List<GenericResource> request) {
        Map<String, Long> counts = new TreeMap<>();
        if (request == null) return counts;
        for (GenericResource r : request) {
            if (r.discreteResourceSpec() != null) {
                GenericResource.DiscreteSpec d = r.discreteResourceSpec();
                if (d.value() != null && d.value() > 0) counts.merge(d.kind(), d.value(), Long::sum);
            } else if (r.namedResourceSpec() != null) {
                counts.merge(r.namedResourceSpec().kind(), 1L, Long::sum);
            }
        }
        return counts;
    }

    /**
     * The environment of a task that was assigned these resources: {@code DOCKER_RESOURCE_GPU=GPU-1,GPU-2} for named
     * units, {@code DOCKER_RESOURCE_SSD=2} for a count (kinds upper-cased), as Swarm's executor writes them.
     */
    public static List<String> env(List<GenericResource> assigned) {
        Map<String, List<String>> byKind = new TreeMap<>();
        if (assigned == null) return List.of();
        for (GenericResource r : assigned) {
            String kind;
            String value;
            if (r.namedResourceSpec() != null) {
                kind = r.namedResourceSpec().kind();
                value = r.namedResourceSpec().value();
            } else if (r.discreteResourceSpec() != null) {
                kind = r.discreteResourceSpec().kind();
                value = String.valueOf(r.discreteResourceSpec().value());
            } else {
                continue;
            }
            byKind.computeIfAbsent(kind.toUpperCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(value);
        }
        List<String> env = new ArrayList<>();
        byKind.forEach((kind, values) -> env.add(ENV_PREFIX + kind + "=" + String.join(",", values)));
        return env;
    }
}
