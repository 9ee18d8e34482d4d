package dev.skep.manager.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skep.api.model.Cluster;
import dev.skep.manager.controlapi.JoinTokens;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class JoinTokensTest {
    final RootCA ca = RootCA.create();

    @Test
    void tokensHaveSwarmKitsFormatAndCarryTheRootDigest() {
        Cluster.JoinTokens tokens = JoinTokens.generate(ca);
        assertThat(tokens.worker()).matches("SWMTKN-1-[0-9a-z]{50}-[0-9a-z]{25}");
        assertThat(tokens.manager()).matches("SWMTKN-1-[0-9a-z]{50}-[0-9a-z]{25}");
        assertThat(tokens.worker()).isNotEqualTo(tokens.manager());
        String digest36 = tokens.worker().split("-")[2];
        assertThat(new BigInteger(digest36, 36)).isEqualTo(new BigInteger(1, ca.digest()));
        assertThat(tokens.manager().split("-")[2]).isEqualTo(digest36);

        JoinTokens.Parsed parsed = JoinTokens.parse(tokens.worker());
        assertThat(parsed.version()).isEqualTo(1);
        assertThat(parsed.rootDigest()).isEqualTo(ca.digest());
        assertThat(parsed.secret()).isEqualTo(tokens.worker().split("-")[3]);
    }

    @Test
    void generateFromPemMatchesGenerateFromRoot() {
        Cluster.JoinTokens tokens = JoinTokens.generate(ca.certificatePem(), "ignored");
        assertThat(JoinTokens.parse(tokens.worker()).rootDigest()).isEqualTo(ca.digest());
    }

    @Test
    void checkRootCaAcceptsOnlyTheRootTheTokenWasMadeFor() {
        String token = JoinTokens.generate(ca).worker();
        assertThat(JoinTokens.checkRootCa(token, ca.certificate())).isTrue();
        assertThat(JoinTokens.checkRootCa(token, RootCA.create().certificate())).isFalse();
    }

    @Test
    void parseAcceptsVersionTwo() {
        String v1 = JoinTokens.generate(ca).worker();
        String v2 = v1.replace("SWMTKN-1-", "SWMTKN-2-1-");
        assertThat(JoinTokens.parse(v2).version()).isEqualTo(2);
        assertThat(JoinTokens.parse(v2).rootDigest()).isEqualTo(ca.digest());
    }

    @Test
    void malformedTokensAreInvalid() {
        String good = JoinTokens.generate(ca).worker();
        for (String bad : new String[] {null, "", "SWMTKN-1-abc", good.replace("SWMTKN", "SWMTKX"),
                good.replace("SWMTKN-1-", "SWMTKN-3-"), good.replace("SWMTKN-1-", "SWMTKN-2-7-"), good + "x",
                good.substring(0, good.length() - 1) + "!", good.substring(0, 20) + "Z" + good.substring(21),
                good + "-extra"}) {
            assertThatThrownBy(() -> JoinTokens.parse(bad)).as(String.valueOf(bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("invalid join token");
        }
    }

    @Test
    void matchesComparesWholeTokens() {
        String t = JoinTokens.generate(ca).worker();
        assertThat(JoinTokens.matches(t, t)).isTrue();
        assertThat(JoinTokens.matches(" " + t + "\n", t)).isTrue();
        char last = t.charAt(t.length() - 1);
        assertThat(JoinTokens.matches(t.substring(0, t.length() - 1) + (last == 'a' ? 'b' : 'a'), t)).isFalse();
        assertThat(JoinTokens.matches(null, t)).isFalse();
        assertThat(JoinTokens.matches(t, null)).isFalse();
    }
}
