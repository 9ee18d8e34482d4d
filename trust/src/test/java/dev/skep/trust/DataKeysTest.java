package dev.skep.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DataKeysTest {
    private static final byte[] PLAIN = "{\"Labels\":{\"secret\":\"s3cr3t-value\"}}".getBytes(StandardCharsets.UTF_8);

    @Test
    void sealedRecordHidesThePlaintextAndOpensBack() {
        DataKeys keys = DataKeys.generate();
        byte[] sealed = keys.seal(PLAIN);
        assertThat(DataKeys.isSealed(sealed)).isTrue();
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("s3cr3t-value");
        assertThat(DataKeys.keyIdOf(sealed)).isEqualTo(keys.currentId());
        assertThat(keys.open(sealed)).isEqualTo(PLAIN);
        assertThat(keys.seal(PLAIN)).as("a fresh nonce each time").isNotEqualTo(sealed);
    }

    @Test
    void anAlteredRecordOrAnotherSetsKeyIsRefused() {
        DataKeys keys = DataKeys.generate();
        byte[] sealed = keys.seal(PLAIN);
        sealed[sealed.length - 1] ^= 1;
        assertThatThrownBy(() -> keys.open(sealed)).isInstanceOf(IllegalStateException.class);
        byte[] other = DataKeys.generate().seal(PLAIN);
        assertThatThrownBy(() -> keys.open(other)).hasMessageContaining("lacks");
    }

    @Test
    void rotationSealsUnderTheNewKeyAndOldRecordsStillOpenUntilRetired() {
        DataKeys keys = DataKeys.generate();
        AtomicInteger changes = new AtomicInteger();
        keys.onChange(changes::incrementAndGet);
        byte[] underFirst = keys.seal(PLAIN);
        String first = keys.currentId();

        keys.activate(DataKeys.newKey(), 10);
        byte[] underSecond = keys.seal(PLAIN);
        assertThat(DataKeys.keyIdOf(underSecond)).isNotEqualTo(first).isEqualTo(keys.currentId());
        assertThat(keys.open(underFirst)).isEqualTo(PLAIN);

        keys.activate(DataKeys.newKey(), 20);
        keys.retire(5);
        assertThat(keys.ids())
                .as("superseded at 10: still needed below a snapshot at 5")
                .contains(first);
        keys.retire(25);
        assertThat(keys.ids())
                .as("the current and previous keys stay")
                .hasSize(2)
                .doesNotContain(first);
        assertThat(keys.open(underSecond)).isEqualTo(PLAIN);
        assertThatThrownBy(() -> keys.open(underFirst)).hasMessageContaining("lacks");
        assertThat(changes.get()).isEqualTo(3);
    }

    @Test
    void theSetSurvivesEncodingAndWrapping() {
        DataKeys keys = DataKeys.generate();
        keys.activate(DataKeys.newKey(), 3);
        UnlockKey unlock = UnlockKey.generate();
        keys.setUnlockKey(unlock);
        byte[] sealed = keys.seal(PLAIN);
        byte[] kek = KeyWrap.randomKek();
        byte[] wrapped = KeyWrap.wrap(kek, keys.toBytes());

        DataKeys back = DataKeys.fromBytes(KeyWrap.unwrap(kek, wrapped));
        assertThat(back.currentId()).isEqualTo(keys.currentId());
        assertThat(back.ids()).isEqualTo(keys.ids());
        assertThat(back.open(sealed)).isEqualTo(PLAIN);
        assertThat(back.unlockKey()).isEqualTo(unlock);
        assertThat(new String(keys.toBytes(), StandardCharsets.ISO_8859_1)).contains(unlock.text());
        assertThat(new String(wrapped, StandardCharsets.ISO_8859_1)).doesNotContain(unlock.text());
        assertThatThrownBy(() -> KeyWrap.unwrap(KeyWrap.randomKek(), wrapped)).isInstanceOf(KeyWrap.WrongKey.class);
    }

    @Test
    void unlockKeyHasSwarmsFormatAndDerivesAStableKek() {
        UnlockKey key = UnlockKey.generate();
        assertThat(key.text()).startsWith("SWMKEY-1-").doesNotEndWith("=").hasSize(9 + 43);
        UnlockKey parsed = UnlockKey.parse("  " + key.text() + "\n");
        assertThat(parsed).isEqualTo(key);
        assertThat(KeyWrap.kekFrom(parsed)).isEqualTo(KeyWrap.kekFrom(key)).hasSize(32);
        assertThat(KeyWrap.kekFrom(UnlockKey.generate())).isNotEqualTo(KeyWrap.kekFrom(key));
        assertThat(key.toString()).doesNotContain(key.text().substring(9));

        byte[] wrapped = KeyWrap.wrap(KeyWrap.kekFrom(key), PLAIN);
        assertThat(KeyWrap.unwrap(KeyWrap.kekFrom(parsed), wrapped)).isEqualTo(PLAIN);
        assertThatThrownBy(() -> KeyWrap.unwrap(KeyWrap.kekFrom(UnlockKey.generate()), wrapped))
                .isInstanceOf(KeyWrap.WrongKey.class)
                .hasMessage("invalid key");
    }

    @Test
    void malformedUnlockKeysAreRefused() {
        for (String bad : new String[] {"", "SWMKEY-1-", "SWMKEY-2-abc", "SWMKEY-1-not*base64", "SWMKEY-1-AAAA"}) {
            assertThatThrownBy(() -> UnlockKey.parse(bad)).as(bad).hasMessage("invalid key");
        }
    }
}
