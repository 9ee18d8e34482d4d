package dev.skep.compose;

import java.util.List;
import java.util.Optional;

/**
 * A compose file converted for one stack: the networks to create (or that must exist), and the services in
 * start-up order ({@code depends_on} first). Object names are {@code <stack>_<name>}.
 */
public record Stack(
        String name,
        List<StackNetwork> networks,
        List<StackService> services,
        List<String> warnings,
        List<StackSecret> secrets,
        List<StackSecret> configs) {
    public static final String NAMESPACE_LABEL = "com.docker.stack.namespace";
    public static final String IMAGE_LABEL = "com.docker.stack.image";

    /** A stack without secrets or configs. */
    public Stack(String name, List<StackNetwork> networks, List<StackService> services, List<String> warnings) {
        this(name, networks, services, warnings, List.of(), List.of());
    }

    /** {@code <stack>_<name>}, docker's namespace scoping. */
    public static String scope(String stack, String name) {
        return stack + "_" + name;
    }

    public Optional<StackService> service(String key) {
        return services.stream().filter(s -> s.key().equals(key)).findFirst();
    }

    public Optional<StackNetwork> network(String key) {
        return networks.stream().filter(n -> n.key().equals(key)).findFirst();
    }
}
