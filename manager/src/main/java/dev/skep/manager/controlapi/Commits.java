package dev.skep.manager.controlapi;

import dev.skep.api.errors.SwarmErrors;
import dev.skep.api.validation.RpcErrors;
import dev.skep.store.ConflictException;
import dev.skep.store.MemoryStore;
import dev.skep.store.Tx;
import java.util.function.Consumer;

/** Runs a control-API write and turns a lost race into the error dockerd reports. */
final class Commits {
    private Commits() {}

    static void update(MemoryStore store, Consumer<Tx> work) {
        try {
            store.update(work);
        } catch (ConflictException e) {
            if (e.isNameConflict()) throw e;
            throw outOfSequence();
        }
    }

    static RuntimeException outOfSequence() {
        return RpcErrors.invalidArgument(SwarmErrors.OUT_OF_SEQUENCE);
    }

    static void checkVersion(dev.skep.api.model.Version current, long requested) {
        if (current == null || current.value() != requested) throw outOfSequence();
    }
}
