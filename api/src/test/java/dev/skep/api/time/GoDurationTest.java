package dev.skep.api.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GoDurationTest {
    @Test
    void parsesGoDurations() {
        assertThat(GoDuration.parse("10s")).isEqualTo(10_000_000_000L);
        assertThat(GoDuration.parse("1m30s")).isEqualTo(90_000_000_000L);
        assertThat(GoDuration.parse("1.5h")).isEqualTo(5_400_000_000_000L);
        assertThat(GoDuration.parse("-1.5h")).isEqualTo(-5_400_000_000_000L);
        assertThat(GoDuration.parse("+5s")).isEqualTo(5_000_000_000L);
        assertThat(GoDuration.parse("300ms")).isEqualTo(300_000_000L);
        assertThat(GoDuration.parse("500ms")).isEqualTo(500_000_000L);
        assertThat(GoDuration.parse("250us")).isEqualTo(250_000L);
        assertThat(GoDuration.parse("1.5µs")).isEqualTo(1_500L);
        assertThat(GoDuration.parse("1.5μs")).isEqualTo(1_500L);
        assertThat(GoDuration.parse(".5s")).isEqualTo(500_000_000L);
        assertThat(GoDuration.parse("5.s")).isEqualTo(5_000_000_000L);
        assertThat(GoDuration.parse("0")).isZero();
        assertThat(GoDuration.parse("-0")).isZero();
    }

    /** The CLI's parser summed exact decimals and compose's rounded doubles; Go truncates each unit's fraction. */
    @Test
    void fractionsBelowANanosecondAreTruncatedPerUnitAsInGo() {
        assertThat(GoDuration.parse("1.9999999999s")).isEqualTo(1_999_999_999L); // compose said 2000000000
        assertThat(GoDuration.parse("0.5ns")).isZero(); // compose said 1
        assertThat(GoDuration.parse("0.5ns0.5ns")).isZero(); // both said 1
        assertThat(GoDuration.parse("1.0000000001s")).isEqualTo(1_000_000_000L);
    }

    /** The CLI's parser wrapped past the long range and compose's saturated; Go refuses. */
    @Test
    void theLongRangeIsExactAndOverflowIsRefused() {
        assertThat(GoDuration.parse("2562047h47m16.854775807s")).isEqualTo(Long.MAX_VALUE);
        assertThat(GoDuration.parse("-2562047h47m16.854775808s")).isEqualTo(Long.MIN_VALUE);
        assertThat(GoDuration.parse("-9223372036854775808ns")).isEqualTo(Long.MIN_VALUE);
        assertThatThrownBy(() -> GoDuration.parse("2562047h47m16.854775808s"))
                .hasMessage("time: invalid duration \"2562047h47m16.854775808s\"");
        assertThatThrownBy(() -> GoDuration.parse("9223372036854775808ns"))
                .hasMessage("time: invalid duration \"9223372036854775808ns\"");
        assertThatThrownBy(() -> GoDuration.parse("3000000h")).hasMessage("time: invalid duration \"3000000h\"");
        assertThatThrownBy(() -> GoDuration.parse("99999999999999999999s"))
                .hasMessage("time: invalid duration \"99999999999999999999s\"");
    }

    /** Both old parsers trimmed; Go does not. */
    @Test
    void refusesWhatGoRefusesWithGoWording() {
        assertThatThrownBy(() -> GoDuration.parse(" 10s")).hasMessage("time: invalid duration \" 10s\"");
        assertThatThrownBy(() -> GoDuration.parse("10s ")).hasMessage("time: unknown unit \"s \" in duration \"10s \"");
        assertThatThrownBy(() -> GoDuration.parse("")).hasMessage("time: invalid duration \"\"");
        assertThatThrownBy(() -> GoDuration.parse("-")).hasMessage("time: invalid duration \"-\"");
        assertThatThrownBy(() -> GoDuration.parse(".s")).hasMessage("time: invalid duration \".s\"");
        assertThatThrownBy(() -> GoDuration.parse("s")).hasMessage("time: invalid duration \"s\"");
        assertThatThrownBy(() -> GoDuration.parse("10")).hasMessage("time: missing unit in duration \"10\"");
        assertThatThrownBy(() -> GoDuration.parse("1s2")).hasMessage("time: missing unit in duration \"1s2\"");
        assertThatThrownBy(() -> GoDuration.parse("5d")).hasMessage("time: unknown unit \"d\" in duration \"5d\"");
        assertThatThrownBy(() -> GoDuration.parse("5µ"))
                .hasMessage("time: unknown unit \"\\xc2\\xb5\" in duration \"5\\xc2\\xb5\"");
        assertThatThrownBy(() -> GoDuration.parse("5\"q"))
                .hasMessage("time: unknown unit \"\\\"q\" in duration \"5\\\"q\"");
    }

    @Test
    void formatsLikeGo() {
        assertThat(GoDuration.format(5_000_000_000L)).isEqualTo("5s");
        assertThat(GoDuration.format(90_000_000_000L)).isEqualTo("1m30s");
        assertThat(GoDuration.format(3_600_000_000_000L)).isEqualTo("1h0m0s");
        assertThat(GoDuration.format(500_000_000L)).isEqualTo("500ms");
        assertThat(GoDuration.format(1_500_000_000L)).isEqualTo("1.5s");
        assertThat(GoDuration.format(1_500L)).isEqualTo("1.5µs");
        assertThat(GoDuration.format(-1_500_000_000L)).isEqualTo("-1.5s");
        assertThat(GoDuration.format(0)).isEqualTo("0s");
    }
}
