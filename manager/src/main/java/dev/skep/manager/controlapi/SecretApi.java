package dev.skep.manager.controlapi;

import dev.skep.api.errors.ApiException;
import dev.skep.api.filters.Filters;
import dev.skep.api.model.Ids;
import dev.skep.api.model.Secret;
import dev.skep.api.validation.RpcErrors;
import dev.skep.api.validation.SecretValidator;
import dev.skep.store.ConflictException;
import dev.skep.store.MemoryStore;
import dev.skep.store.ReadTx;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.List;

/** The secret half of SwarmKit's control API. No answer ever carries a secret's data. */
public final class SecretApi {
    private final MemoryStore store;

    public SecretApi(MemoryStore store) {
        this.store = store;
    }

    /** {@code POST /secrets/create}; returns the new secret's ID. */
    public String create(Secret.SecretSpec spec) {
        SecretValidator.validate(spec);
        Secret secret = new Secret(Ids.newId(), null, null, null, spec);
        try {
            Commits.update(store, tx -> {
                if (tx.secrets().byName(spec.name()) != null) throw exists(spec.name());
                tx.create(secret);
            });
        } catch (ConflictException e) {
            throw exists(spec.name());
        }
        return secret.id();
    }

    private static ApiException exists(String name) {
        return RpcErrors.alreadyExists("secret " + name + " already exists");
    }

    /** {@code GET /secrets/{id}}: by full ID, name or unique ID prefix. */
    public Secret get(String idOrName) {
        return store.view(tx -> resolve(tx, idOrName)).withoutData();
    }

    /** {@code GET /secrets}. */
    public List<Secret> list(Filters filters) {
        filters.validate(SecretRefs.LIST_FILTERS);
        return store.view(tx -> tx.secrets().all().stream()
                .filter(s ->
                        SecretRefs.matches(filters, s.id(), s.name(), s.spec().labels()))
                .sorted(Comparator.comparing(Secret::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())))
                .map(Secret::withoutData)
                .toList());
    }

    /** {@code POST /secrets/{id}/update}: labels only, at the version the client read. */
    public void update(String idOrName, long version, Secret.SecretSpec spec) {
        if (spec == null) throw RpcErrors.invalidArgument("invalid argument");
        Secret current = store.view(tx -> resolve(tx, idOrName));
        boolean sameData = spec.data() == null
                || MessageDigest.isEqual(spec.data(), current.spec().data());
        if (!current.name().equals(spec.name()) || !sameData) {
            throw RpcErrors.invalidArgument("only updates to Labels are allowed");
        }
        Commits.checkVersion(current.version(), version);
        Commits.update(store, tx -> {
            Secret fresh = tx.secrets().get(current.id());
            if (fresh == null) throw RpcErrors.notFound("secret " + current.id() + " not found");
            Commits.checkVersion(fresh.version(), version);
            tx.update(fresh.withSpec(fresh.spec().withLabels(spec.labels())));
        });
    }

    /** {@code DELETE /secrets/{id}}: refused while a service references it. */
    public void remove(String idOrName) {
        Secret s = store.view(tx -> resolve(tx, idOrName));
        try {
            store.update(tx -> {
                Secret fresh = tx.secrets().get(s.id());
                if (fresh == null) throw RpcErrors.notFound("could not find secret " + s.id());
                SecretRefs.checkUnused(tx, "secret", fresh.id(), fresh.name(), SecretRefs::secretIds);
                tx.delete(fresh);
            });
        } catch (ConflictException e) {
            throw RpcErrors.notFound("secret " + s.id() + " not found");
        }
    }

    /** Full ID, exact name, unique ID prefix (dockerd's {@code getSecret}). */
    public static Secret resolve(ReadTx tx, String input) {
        return Resolver.resolve(
                "secret", input, tx.secrets().get(input), tx.secrets().all(), s -> input.equals(s.name()));
    }
}
