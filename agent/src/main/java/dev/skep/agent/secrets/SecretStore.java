package dev.skep.agent.secrets;

import dev.skep.api.dispatcher.Assignments;
import dev.skep.api.model.Config;
import dev.skep.api.model.Secret;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secrets and configs the dispatcher gave this node (SwarmKit's agent {@code secrets}/{@code configs}
 * managers): in memory only, replaced by a COMPLETE message, changed by INCREMENTAL ones. Logs name IDs, never data.
 */
public final class SecretStore {
    private static final Logger LOG = LoggerFactory.getLogger(SecretStore.class);

    private final Map<String, Secret> secrets = new ConcurrentHashMap<>();
    private final Map<String, Config> configs = new ConcurrentHashMap<>();

    /** Applies the secret and config part of an assignment message. */
    public void apply(Assignments m) {
        if (m.type() == Assignments.Type.COMPLETE) {
            secrets.clear();
            configs.clear();
        }
        for (Secret s : list(m.secrets())) {
            secrets.put(s.id(), s);
            LOG.debug("secret {} assigned to this node", s.id());
        }
        for (Config c : list(m.configs())) {
            configs.put(c.id(), c);
            LOG.debug("config {} assigned to this node", c.id());
        }
        for (String id : list(m.removedSecrets())) {
            if (secrets.remove(id) != null) LOG.debug("secret {} forgotten by this node", id);
        }
        for (String id : list(m.removedConfigs())) {
            if (configs.remove(id) != null) LOG.debug("config {} forgotten by this node", id);
        }
    }

    public Secret secret(String id) {
        return id == null ? null : secrets.get(id);
    }

    public Config config(String id) {
        return id == null ? null : configs.get(id);
    }

    /** The IDs of the secrets this node holds now (for tests and diagnostics). */
    public Set<String> secretIds() {
        return new TreeSet<>(secrets.keySet());
    }

    public Set<String> configIds() {
        return new TreeSet<>(configs.keySet());
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }
}
