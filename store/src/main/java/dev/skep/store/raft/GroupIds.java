package dev.skep.store.raft;

import dev.skep.trust.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.ratis.protocol.RaftGroupId;

/**
 * Gives the Raft group the same ID across restarts: Ratis finds a group's storage by that ID, so a new one
 * would start an empty group. The ID is kept in {@code <dataDir>/raft-group-id}, beside Ratis's own directory.
 */
final class GroupIds {
    static final String FILE = "raft-group-id";

    private GroupIds() {}

    static RaftGroupId resolve(RaftConfig config) throws IOException {
        Path file = config.dataDir().resolve(FILE);
        UUID persisted =
                Files.exists(file) ? UUID.fromString(Files.readString(file).trim()) : null;
        UUID wanted = config.groupId() == null ? null : fromName(config.groupId());
        if (persisted != null && wanted != null && !persisted.equals(wanted)) {
            throw new IllegalStateException(
                    "data directory " + config.dataDir() + " belongs to Raft group " + persisted + ", not " + wanted);
        }
        UUID id = wanted != null ? wanted : persisted;
        if (id == null) {
            if (!config.fresh()) throw new IllegalStateException("no Raft group to recover in " + config.dataDir());
            id = UUID.randomUUID();
        }
        if (persisted == null) {
            PrivateFiles.write(file, id + "\n");
        }
        return RaftGroupId.valueOf(id);
    }

    /** A UUID stays as it is; any other name (a cluster ID) maps to the same UUID every time. */
    static UUID fromName(String name) {
        try {
            return UUID.fromString(name);
        } catch (IllegalArgumentException notUuid) {
            return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
        }
    }
}
