package dev.skep.store;

import dev.skep.api.model.Cluster;
import dev.skep.api.model.Config;
import dev.skep.api.model.Network;
import dev.skep.api.model.Node;
import dev.skep.api.model.Secret;
import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
import java.util.List;

/** A consistent read of the store. */
public interface ReadTx {
    Table<Cluster> clusters();

    Table<Node> nodes();

    Table<Service> services();

    Table<Task> tasks();

    Table<Network> networks();

    Table<Secret> secrets();

    Table<Config> configs();

    /** Tasks of one service, served from an index. */
    List<Task> tasksOfService(String serviceId);

    /** Tasks assigned to one node, served from an index. */
    List<Task> tasksOfNode(String nodeId);

    /** The commit index this read reflects. */
    long index();

    /** The single cluster object, or null before {@code swarm init}. */
    default Cluster cluster() {
        List<Cluster> all = clusters().all();
        return all.isEmpty() ? null : all.get(0);
    }
}
