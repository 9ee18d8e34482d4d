package dev.skep.manager.controlapi;

import dev.skep.api.errors.ApiException;
import dev.skep.api.filters.Filters;
import dev.skep.api.model.Config;
import dev.skep.api.model.Ids;
import dev.skep.api.validation.RpcErrors;
import dev.skep.api.validation.SecretValidator;
import dev.skep.store.ConflictException;
import dev.skep.store.MemoryStore;
import dev.skep.store.ReadTx;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.List;

/** The config half of SwarmKit's control API; unlike a secret, a config shows its data. */
public final class ConfigApi {
    private final MemoryStore store;

    public ConfigApi(MemoryStore store) {
        this.store = store;
    }

    /** {@code POST /configs/create}; returns the new config's ID. */
    public String create(Config.ConfigSpec spec) {
        SecretValidator.validate(spec);
        Config config = new Config(Ids.newId(), null, null, null, spec);
        try {
            Commits.update(store, tx -> {
                if (tx.configs().byName(spec.name()) != null) throw exists(spec.name());
                tx.create(config);
            });
        } catch (ConflictException e) {
            throw exists(spec.name());
        }
        return config.id();
    }

    private static ApiException exists(String name) {
        return RpcErrors.alreadyExists("config " + name + " already exists");
    }

    /** {@code GET /configs/{id}}: by full ID, name or unique ID prefix. */
    public Config get(String idOrName) {
        return store.view(tx -> resolve(tx, idOrName));
    }

    /** {@code GET /configs}. */
    public List<Config> list(Filters filters) {
        filters.validate(SecretRefs.LIST_FILTERS);
        return store.view(tx -> tx.configs().all().stream()
                .filter(s ->
                        SecretRefs.matches(filters, s.id(), s.name(), s.spec().labels()))
                .sorted(Comparator.comparing(Config::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())))
                .toList());
    }

    /** {@code POST /configs/{id}/update}: labels only, at the version the client read. */
    public void update(String idOrName, long version, Config.ConfigSpec spec) {
        if (spec == null) throw RpcErrors.invalidArgument("invalid argument");
        Config current = store.view(tx -> resolve(tx, idOrName));
        boolean sameData = spec.data() == null
                || MessageDigest.isEqual(spec.data(), current.spec().data());
        if (!current.name().equals(spec.name()) || !sameData) {
            throw RpcErrors.invalidArgument("only updates to Labels are allowed");
        }
        Commits.checkVersion(current.version(), version);
        Commits.update(store, tx -> {
            Config fresh = tx.configs().get(current.id());
            if (fresh == null) throw RpcErrors.notFound("config " + current.id() + " not found");
            Commits.checkVersion(fresh.version(), version);
            tx.update(fresh.withSpec(fresh.spec().withLabels(spec.labels())));
        });
    }

    /** {@code DELETE /configs/{id}}: refused while a service references it. */
    public void remove(String idOrName) {
        Config s = store.view(tx -> resolve(tx, idOrName));
        try {
            store.update(tx -> {
                Config fresh = tx.configs().get(s.id());
                if (fresh == null) throw RpcErrors.notFound("could not find config " + s.id());
                SecretRefs.checkUnused(tx, "config", fresh.id(), fresh.name(), SecretRefs::configIds);
                tx.delete(fresh);
            });
        } catch (ConflictException e) {
            throw RpcErrors.notFound("config " + s.id() + " not found");
        }
    }

    /** Full ID, exact name, unique ID prefix (dockerd's {@code getConfig}). */
    public static Config resolve(ReadTx tx, String input) {
        return Resolver.resolve(
                "config", input, tx.configs().get(input), tx.configs().all(), s -> input.equals(s.name()));
    }
}
