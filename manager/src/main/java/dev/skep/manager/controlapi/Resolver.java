package dev.skep.manager.controlapi;

import dev.skep.api.errors.ApiException;
import dev.skep.api.model.StoredObject;
import java.util.List;
import java.util.function.Predicate;

/**
 * How dockerd finds the object a user named: the full ID, else an exact name, else a unique ID prefix.
 * Several matches are ambiguous (400); none is 404 "{@code <kind> <input> not found}".
 */
final class Resolver {
    private Resolver() {}

    static <T extends StoredObject> T resolve(
            String kind, String input, T byId, List<T> all, Predicate<T> nameMatches) {
        if (input == null || input.isEmpty()) throw ApiException.invalid(kind + " ID or name must be provided");
        if (byId != null) return byId;
        List<T> matches = all.stream().filter(nameMatches).toList();
        if (matches.isEmpty())
            matches = all.stream().filter(o -> o.id().startsWith(input)).toList();
        if (matches.isEmpty()) throw ApiException.notFound(kind + " " + input + " not found");
        if (matches.size() > 1) {
            throw ApiException.invalid(kind + " " + input + " is ambiguous (" + matches.size() + " matches found)");
        }
        return matches.get(0);
    }
}
