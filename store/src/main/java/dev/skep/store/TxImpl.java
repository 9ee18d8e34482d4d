package dev.skep.store;

import dev.skep.api.model.StoredObject;
import dev.skep.api.model.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/** A transaction: reads through to the state, writes collect in an overlay that becomes a proposal. */
final class TxImpl extends StateView implements Tx {
    private record Key(Kind kind, String id) {}

    /** A pending write; {@code object == null} means delete. */
    private record Write(Change.Op op, long expected, StoredObject object) {}

    private final Map<Key, Write> writes = new LinkedHashMap<>();
    private final boolean soft;

    TxImpl(State state, boolean soft) {
        super(state);
        this.soft = soft;
    }

    @Override
    StoredObject lookup(Kind kind, String id) {
        Write w = writes.get(new Key(kind, id));
        if (w != null) return w.object();
        return super.lookup(kind, id);
    }

    @Override
    List<StoredObject> list(Kind kind) {
        Map<String, StoredObject> merged = new LinkedHashMap<>();
        for (StoredObject o : super.list(kind)) merged.put(o.id(), o);
        writes.forEach((k, w) -> {
            if (k.kind() != kind) return;
            if (w.object() == null) merged.remove(k.id());
            else merged.put(k.id(), w.object());
        });
        return new ArrayList<>(merged.values());
    }

    @Override
    String nameLookup(Kind kind, String name) {
        for (var e : writes.entrySet()) {
            StoredObject o = e.getValue().object();
            if (e.getKey().kind() == kind && o != null && name.equals(o.uniqueName())) return o.id();
        }
        String id = super.nameLookup(kind, name);
        if (id == null) return null;
        Write w = writes.get(new Key(kind, id));
        if (w != null && (w.object() == null || !name.equals(w.object().uniqueName()))) return null;
        return id;
    }

    @Override
    public List<Task> tasksOfService(String serviceId) {
        return overlayTasks(super.tasksOfService(serviceId), t -> Objects.equals(t.serviceID(), serviceId));
    }

    @Override
    public List<Task> tasksOfNode(String nodeId) {
        return overlayTasks(super.tasksOfNode(nodeId), t -> Objects.equals(t.nodeID(), nodeId));
    }

    private List<Task> overlayTasks(List<Task> base, Predicate<Task> belongs) {
        if (writes.isEmpty()) return base;
        Map<String, Task> merged = new LinkedHashMap<>();
        for (Task t : base) merged.put(t.id(), t);
        writes.forEach((k, w) -> {
            if (k.kind() != Kind.TASK) return;
            merged.remove(k.id());
            if (w.object() instanceof Task t && belongs.test(t)) merged.put(t.id(), t);
        });
        return new ArrayList<>(merged.values());
    }

    @Override
    List<Task> resolve(Set<String> ids) {
        return super.resolve(ids);
    }

    @Override
    public void create(StoredObject object) {
        Key key = new Key(Kind.of(object), object.id());
        if (lookup(key.kind(), key.id()) != null) {
            throw new ConflictException(key.kind().name().toLowerCase() + " " + key.id() + " already exists", false);
        }
        String name = object.uniqueName();
        if (name != null && nameLookup(key.kind(), name) != null) {
            throw new ConflictException("name " + name + " is already in use", true);
        }
        writes.put(key, new Write(Change.Op.CREATE, 0, object));
    }

    @Override
    public void update(StoredObject object) {
        Key key = new Key(Kind.of(object), object.id());
        Write prior = writes.get(key);
        if (prior != null) {
            if (prior.object() == null)
                throw new ConflictException(key.id() + " was deleted in this transaction", false);
            writes.put(key, new Write(prior.op(), prior.expected(), object));
            return;
        }
        if (super.lookup(key.kind(), key.id()) == null) {
            throw new ConflictException(key.kind().name().toLowerCase() + " " + key.id() + " not found", false);
        }
        writes.put(key, new Write(Change.Op.UPDATE, versionOf(object), object));
    }

    @Override
    public void delete(StoredObject object) {
        Key key = new Key(Kind.of(object), object.id());
        Write prior = writes.get(key);
        if (prior != null && prior.op() == Change.Op.CREATE) {
            writes.remove(key);
            return;
        }
        long expected = prior != null ? prior.expected() : versionOf(object);
        writes.put(key, new Write(Change.Op.DELETE, expected, null));
    }

    private static long versionOf(StoredObject o) {
        return o.version() == null ? 0 : o.version().value();
    }

    List<Change> changes() {
        List<Change> out = new ArrayList<>(writes.size());
        writes.forEach((k, w) -> out.add(new Change(k.kind(), w.op(), k.id(), w.expected(), w.object(), soft)));
        return out;
    }
}
