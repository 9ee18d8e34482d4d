package dev.skep.store;

import dev.skep.api.model.Cluster;
import dev.skep.api.model.Config;
import dev.skep.api.model.Network;
import dev.skep.api.model.Node;
import dev.skep.api.model.Secret;
import dev.skep.api.model.Service;
import dev.skep.api.model.StoredObject;
import dev.skep.api.model.Task;

/** The kinds of object the store keeps, one table each. */
public enum Kind {
    CLUSTER(Cluster.class),
    NODE(Node.class),
    SERVICE(Service.class),
    TASK(Task.class),
    NETWORK(Network.class),
    SECRET(Secret.class),
    CONFIG(Config.class);

    private final Class<? extends StoredObject> type;

    Kind(Class<? extends StoredObject> type) {
        this.type = type;
    }

    public Class<? extends StoredObject> type() {
        return type;
    }

    public static Kind of(StoredObject o) {
        for (Kind k : values()) {
            if (k.type.isInstance(o)) return k;
        }
        throw new IllegalArgumentException("not a stored kind: " + o.getClass());
    }
}
