package dev.skep.store.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuorumRuleTest {
    private static Member up(String id) {
        return new Member(id, id + ":1", false, true, Duration.ZERO);
    }

    private static Member down(String id) {
        return new Member(id, id + ":1", false, false, Duration.ofSeconds(30));
    }

    @Test
    void theLastMemberCannotBeRemoved() {
        assertThat(QuorumRule.refusal(List.of(up("a")), "a")).contains("last manager");
    }

    @Test
    void anUnknownMemberIsRefused() {
        assertThat(QuorumRule.refusal(List.of(up("a"), up("b")), "c")).contains("not a member");
    }

    @Test
    void removingAReachableMemberWhileAnotherIsDownLosesQuorum() {
        List<Member> members = List.of(up("a"), up("b"), down("c"));
        assertThat(QuorumRule.refusal(members, "b")).contains("lose quorum").contains("1 reachable manager(s) of 2");
        assertThat(QuorumRule.refusal(members, "c")).isNull();
    }

    @Test
    void twoOfTwoMayShrinkToOneAndFiveWithTwoDownMayDropADownOne() {
        assertThat(QuorumRule.refusal(List.of(up("a"), up("b")), "b")).isNull();
        List<Member> five = List.of(up("a"), up("b"), up("c"), down("d"), down("e"));
        assertThat(QuorumRule.refusal(five, "e")).isNull();
        assertThat(QuorumRule.refusal(five, "c")).isNotNull();
    }
}
