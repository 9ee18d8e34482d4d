package dev.skep.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skep.trust.DataKeys;
import dev.skep.trust.KeyWrap;
import dev.skep.trust.UnlockKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12 (autolock): how a manager keeps its data keys, and when it restarts locked. */
class ManagerKeysTest {
    @TempDir
    Path dir;

    @Test
    void withoutAutolockTheKeysOpenAloneFromAPrivateFile() throws Exception {
        ManagerKeys created = ManagerKeys.create(dir);
        assertThat(ManagerKeys.locked(dir)).isFalse();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ManagerKeys.file(dir))))
                .isEqualTo("rw-------");
        DataKeys reopened = ManagerKeys.open(dir, null).keys();
        assertThat(reopened.currentId()).isEqualTo(created.keys().currentId());
        byte[] sealed = created.keys().seal("x".getBytes(StandardCharsets.US_ASCII));
        assertThat(reopened.open(sealed)).isEqualTo("x".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void autolockLocksTheFileUnderTheUnlockKeyAndOnlyThatKeyOpensIt() throws Exception {
        ManagerKeys keys = ManagerKeys.create(dir);
        UnlockKey unlock = UnlockKey.generate();
        keys.keys().setUnlockKey(unlock); // as applied from the Raft log

        assertThat(ManagerKeys.locked(dir)).isTrue();
        String file = Files.readString(ManagerKeys.file(dir));
        assertThat(file).doesNotContain(unlock.text()).doesNotContain("\"KEK\":\"");
        assertThatThrownBy(() -> ManagerKeys.open(dir, null)).isInstanceOf(KeyWrap.WrongKey.class);
        assertThatThrownBy(() -> ManagerKeys.open(dir, UnlockKey.generate())).isInstanceOf(KeyWrap.WrongKey.class);
        assertThat(Files.readString(ManagerKeys.file(dir)))
                .as("a wrong key changes nothing")
                .isEqualTo(file);

        ManagerKeys unlocked = ManagerKeys.open(dir, UnlockKey.parse(unlock.text()));
        assertThat(unlocked.keys().currentId()).isEqualTo(keys.keys().currentId());
        assertThat(unlocked.keys().unlockKey()).isEqualTo(unlock);
    }

    @Test
    void rotationRewrapsUnderTheNewKeyAndTurningAutolockOffUnlocks() {
        ManagerKeys keys = ManagerKeys.create(dir);
        UnlockKey first = UnlockKey.generate();
        UnlockKey second = UnlockKey.generate();
        keys.keys().setUnlockKey(first);
        keys.keys().setUnlockKey(second);
        assertThatThrownBy(() -> ManagerKeys.open(dir, first)).isInstanceOf(KeyWrap.WrongKey.class);
        assertThat(ManagerKeys.open(dir, second).keys().unlockKey()).isEqualTo(second);

        keys.keys().setUnlockKey(null);
        assertThat(ManagerKeys.locked(dir)).isFalse();
        assertThat(ManagerKeys.open(dir, null).keys().unlockKey()).isNull();
    }

    @Test
    void aDataKeyRotationIsSavedUnderTheSameKek() {
        ManagerKeys keys = ManagerKeys.create(dir);
        UnlockKey unlock = UnlockKey.generate();
        keys.keys().setUnlockKey(unlock);
        keys.keys().activate(DataKeys.newKey(), 42);
        DataKeys reopened = ManagerKeys.open(dir, unlock).keys();
        assertThat(reopened.currentId()).isEqualTo(keys.keys().currentId());
        assertThat(reopened.ids()).hasSize(2);
    }
}
