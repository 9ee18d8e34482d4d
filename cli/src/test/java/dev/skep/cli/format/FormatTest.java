package dev.skep.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FormatTest {
    @Test
    void wordsDurationsAsGoUnits() {
        assertThat(HumanTime.humanDuration(Duration.ofMillis(400))).isEqualTo("Less than a second");
        assertThat(HumanTime.humanDuration(Duration.ofSeconds(1))).isEqualTo("1 second");
        assertThat(HumanTime.humanDuration(Duration.ofSeconds(45))).isEqualTo("45 seconds");
        assertThat(HumanTime.humanDuration(Duration.ofSeconds(90))).isEqualTo("About a minute");
        assertThat(HumanTime.humanDuration(Duration.ofMinutes(17))).isEqualTo("17 minutes");
        assertThat(HumanTime.humanDuration(Duration.ofMinutes(80))).isEqualTo("About an hour");
        assertThat(HumanTime.humanDuration(Duration.ofHours(5))).isEqualTo("5 hours");
        assertThat(HumanTime.humanDuration(Duration.ofDays(3))).isEqualTo("3 days");
        assertThat(HumanTime.humanDuration(Duration.ofDays(21))).isEqualTo("3 weeks");
        assertThat(HumanTime.humanDuration(Duration.ofDays(90))).isEqualTo("3 months");
        assertThat(HumanTime.humanDuration(Duration.ofDays(800))).isEqualTo("2 years");
        Instant now = Instant.parse("2024-01-01T00:00:10Z");
        assertThat(HumanTime.ago(Instant.parse("2024-01-01T00:00:05Z"), now)).isEqualTo("5 seconds ago");
        assertThat(HumanTime.ago(now, now)).isEqualTo("less than a second ago");
    }

    @Test
    void padsColumnsLikeTabwriter() {
        String table = new Table("ID", "NAME", "MODE")
                .row("abc", "a-very-long-service-name", "replicated")
                .render();
        assertThat(table)
                .isEqualTo("ID        NAME                       MODE\n"
                        + "abc       a-very-long-service-name   replicated\n");
    }

    @Test
    void textHelpers() {
        assertThat(Text.truncateId("0123456789abcdefghijklmno")).isEqualTo("0123456789ab");
        assertThat(Text.ellipsis("abcdefghij", 5)).isEqualTo("abcd…");
        assertThat(Text.capitalize("ready")).isEqualTo("Ready");
        assertThat(Text.capitalize("LEADER")).isEqualTo("Leader");
        assertThat(Text.displayImage("docker.io/library/nginx:1.27@sha256:abc")).isEqualTo("nginx:1.27");
        assertThat(Text.displayImage("busybox@sha256:abc")).isEqualTo("busybox@sha256:abc");
        assertThat(Text.displayImage("registry:5000/app:v1")).isEqualTo("registry:5000/app:v1");
        List<String> names = new ArrayList<>(List.of("node10", "node2", "node1"));
        names.sort(Text.NATURAL);
        assertThat(names).containsExactly("node1", "node2", "node10");
    }
}
