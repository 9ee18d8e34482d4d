package dev.skep.cli.stack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skep.api.filters.Filters;
import dev.skep.api.model.Service;
import dev.skep.cli.client.Query;
import dev.skep.cli.client.SwarmApi;
import dev.skep.compose.Stack;
import java.util.ArrayList;
import java.util.List;

/** The objects of a stack, found by their {@code com.docker.stack.namespace} label as docker finds them. */
final class StackObjects {
    private StackObjects() {}

    static Filters filter(String stack) {
        return Filters.empty().add("label", Stack.NAMESPACE_LABEL + "=" + stack);
    }

    static List<Service> services(SwarmApi api, String stack, boolean status) {
        return api.services(filter(stack), status);
    }

    static List<JsonNode> networks(SwarmApi api, String stack) {
        List<JsonNode> networks = new ArrayList<>();
        api.client().get("/networks", Query.of().filters(filter(stack))).forEach(networks::add);
        return networks;
    }
}
