package dev.skep.store;

import dev.skep.api.model.Cluster;
import dev.skep.api.model.Config;
import dev.skep.api.model.Network;
import dev.skep.api.model.Node;
import dev.skep.api.model.Secret;
import dev.skep.api.model.Service;
import dev.skep.api.model.StoredObject;
import dev.skep.api.model.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A {@link ReadTx} straight over the state; valid only while the caller holds the store's read lock. */
class StateView implements ReadTx {
    final State state;

    StateView(State state) {
        this.state = state;
    }

    StoredObject lookup(Kind kind, String id) {
        return state.get(kind, id);
    }

    List<StoredObject> list(Kind kind) {
        return new ArrayList<>(state.objects.get(kind).values());
    }

    String nameLookup(Kind kind, String name) {
        return state.idByName(kind, name);
    }

    @SuppressWarnings("unchecked")
    private <T extends StoredObject> Table<T> table(Kind kind) {
        return new Table<>() {
            @Override
            public T get(String id) {
                return id == null ? null : (T) lookup(kind, id);
            }

            @Override
            public List<T> all() {
                return (List<T>) (List<?>) list(kind);
            }

            @Override
            public T byName(String name) {
                String id = nameLookup(kind, name);
                return id == null ? null : get(id);
            }
        };
    }

    @Override
    public Table<Cluster> clusters() {
        return table(Kind.CLUSTER);
    }

    @Override
    public Table<Node> nodes() {
        return table(Kind.NODE);
    }

    @Override
    public Table<Service> services() {
        return table(Kind.SERVICE);
    }

    @Override
    public Table<Task> tasks() {
        return table(Kind.TASK);
    }

    @Override
    public Table<Network> networks() {
        return table(Kind.NETWORK);
    }

    @Override
    public Table<Secret> secrets() {
        return table(Kind.SECRET);
    }

    @Override
    public Table<Config> configs() {
        return table(Kind.CONFIG);
    }

    @Override
    public List<Task> tasksOfService(String serviceId) {
        return resolve(state.taskIds(state.tasksByService, serviceId));
    }

    @Override
    public List<Task> tasksOfNode(String nodeId) {
        return resolve(state.taskIds(state.tasksByNode, nodeId));
    }

    List<Task> resolve(Set<String> ids) {
        List<Task> out = new ArrayList<>(ids.size());
        for (String id : ids) out.add((Task) state.get(Kind.TASK, id));
        return out;
    }

    @Override
    public long index() {
        return state.index;
    }
}
