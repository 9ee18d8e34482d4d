package dev.skep.manager.role;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuorumTest {
    @Test
    void theLastMemberCannotGo() {
        assertThat(Quorum.canRemove(new FakeGroup("a").with("a", true).members(), "a"))
                .isFalse();
    }

    @Test
    void twoReachableOfThreeMayLoseOne() {
        FakeGroup g = new FakeGroup("a").with("a", true).with("b", true).with("c", true);
        assertThat(Quorum.canRemove(g.members(), "c")).isTrue();
    }

    @Test
    void removingAReachableMemberWhileAnotherIsDownLosesQuorum() {
        FakeGroup g = new FakeGroup("a").with("a", true).with("b", true).with("c", false);
        assertThat(Quorum.canRemove(g.members(), "b")).isFalse();
        assertThat(Quorum.canRemove(g.members(), "c")).isTrue();
    }

    @Test
    void aNonMemberCanAlwaysGo() {
        assertThat(Quorum.canRemove(new FakeGroup("a").with("a", true).members(), "x"))
                .isTrue();
    }
}
