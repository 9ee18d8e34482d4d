package dev.skep.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skep.api.time.GoDuration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InterpolationTest {
    private final List<String> warnings = new ArrayList<>();
    private final Interpolation i = new Interpolation(Map.of("SET", "v", "EMPTY", ""), warnings::add);

    @Test
    void forms() {
        assertThat(i.apply("a-$SET-${SET}")).isEqualTo("a-v-v");
        assertThat(i.apply("${EMPTY:-d}|${EMPTY-d}|${UNSET-d}|${UNSET:-d}")).isEqualTo("d||d|d");
        assertThat(i.apply("${SET:+alt}|${EMPTY:+alt}|${EMPTY+alt}")).isEqualTo("alt||alt");
        assertThat(i.apply("$$SET costs $$5")).isEqualTo("$SET costs $5");
        assertThat(i.apply("${SET:?boom}")).isEqualTo("v");
        assertThat(warnings).isEmpty();
    }

    @Test
    void requiredAndUnset() {
        assertThatThrownBy(() -> i.apply("${EMPTY:?need it}"))
                .hasMessage("required variable EMPTY is missing a value: need it");
        assertThat(i.apply("${EMPTY?x}")).isEmpty();
        assertThatThrownBy(() -> i.apply("${UNSET?}")).hasMessage("required variable UNSET is missing a value");
        assertThat(i.apply("[$UNSET]")).isEqualTo("[]");
        assertThat(warnings).containsExactly("The UNSET variable is not set. Defaulting to a blank string.");
    }

    @Test
    void durations() {
        assertThat(GoDuration.parse("10s")).isEqualTo(10_000_000_000L);
        assertThat(GoDuration.parse("1m30s")).isEqualTo(90_000_000_000L);
        assertThat(GoDuration.parse("1.5h")).isEqualTo(5_400_000_000_000L);
        assertThat(GoDuration.parse("300ms")).isEqualTo(300_000_000L);
        assertThat(GoDuration.parse("0")).isZero();
        assertThatThrownBy(() -> GoDuration.parse("10")).hasMessage("time: missing unit in duration \"10\"");
    }

    @Test
    void shellWords() {
        assertThat(ShellWords.split("sh -c 'echo $HOME' \"a \\\"b\\\"\" c\\ d"))
                .containsExactly("sh", "-c", "echo $HOME", "a \"b\"", "c d");
    }
}
