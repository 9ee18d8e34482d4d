package dev.skep.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class JoinTokensTest {
    final RootCA ca = RootCA.create();

    @Test
    void tokensHaveSwarmKitsFormatAndCarryTheRootDigest() {
        String worker = JoinTokens.token(ca.digest());
        String manager = JoinTokens.token(ca.digest());
        assertThat(worker).matches("SWMTKN-1-[0-9a-z]{50}-[0-9a-z]{25}");
        assertThat(manager).matches("SWMTKN-1-[0-9a-z]{50}-[0-9a-z]{25}");
        assertThat(worker).isNotEqualTo(manager);
        String digest36 = worker.split("-")[2];
        assertThat(new BigInteger(digest36, 36)).isEqualTo(new BigInteger(1, ca.digest()));
        assertThat(manager.split("-")[2]).isEqualTo(digest36);

        JoinTokens.Parsed parsed = JoinTokens.parse(worker);
        assertThat(parsed.version()).isEqualTo(1);
        assertThat(parsed.rootDigest()).isEqualTo(ca.digest());
        assertThat(parsed.secret()).isEqualTo(worker.split("-")[3]);
    }

    @Test
    void digestFromPemMatchesDigestOfRoot() {
        String token = JoinTokens.token(JoinTokens.caDigest(ca.certificatePem(), "ignored"));
        assertThat(JoinTokens.parse(token).rootDigest()).isEqualTo(ca.digest());
    }

    @Test
    void checkRootCaAcceptsOnlyTheRootTheTokenWasMadeFor() {
        String token = JoinTokens.token(ca.digest());
        assertThat(JoinTokens.checkRootCa(token, ca.certificate())).isTrue();
        assertThat(JoinTokens.checkRootCa(token, RootCA.create().certificate())).isFalse();
    }

    @Test
    void parseAcceptsVersionTwo() {
        String v1 = JoinTokens.token(ca.digest());
        String v2 = v1.replace("SWMTKN-1-", "SWMTKN-2-1-");
        assertThat(JoinTokens.parse(v2).version()).isEqualTo(2);
        assertThat(JoinTokens.parse(v2).rootDigest()).isEqualTo(ca.digest());
    }

    @Test
    void malformedTokensAreInvalid() {
        String good = JoinTokens.token(ca.digest());
        for (String bad : new String[] {
            null,
            "",
            "SWMTKN-1-abc",
            good.replace("SWMTKN", "SWMTKX"),
            good.replace("SWMTKN-1-", "SWMTKN-3-"),
            good.replace("SWMTKN-1-", "SWMTKN-2-7-"),
            good + "x",
            good.substring(0, good.length() - 1) + "!",
            good.substring(0, 20) + "Z" + good.substring(21),
            good + "-extra"
        }) {
            assertThatThrownBy(() -> JoinTokens.parse(bad))
                    .as(String.valueOf(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("invalid join token");
        }
    }

    @Test
    void matchesComparesWholeTokens() {
        String t = JoinTokens.token(ca.digest());
        assertThat(JoinTokens.matches(t, t)).isTrue();
        assertThat(JoinTokens.matches(" " + t + "\n", t)).isTrue();
        char last = t.charAt(t.length() - 1);
        assertThat(JoinTokens.matches(t.substring(0, t.length() - 1) + (last == 'a' ? 'b' : 'a'), t))
                .isFalse();
        assertThat(JoinTokens.matches(null, t)).isFalse();
        assertThat(JoinTokens.matches(t, null)).isFalse();
    }
}
