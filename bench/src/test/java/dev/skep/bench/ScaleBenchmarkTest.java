package dev.skep.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The benchmark's cluster at toy size, two rounds, so the build exercises the whole path (no speed is asserted). */
@Tag("slow") // over 15 s: left out of the fast target (docs/TESTING.md)
class ScaleBenchmarkTest {
    @Test
    void everyTaskOfEveryServiceIsPlacedAndRunsOnTheSimulatedNodes() throws Exception {
        var options = new ScaleBenchmark.Options(3, 4, 2, 10, Duration.ofSeconds(60), true, 2);

        ScaleBenchmark.Result r = ScaleBenchmark.run(options, new PrintStream(new ByteArrayOutputStream()));

        assertThat(r.assigned()).isEqualTo(20);
        assertThat(r.running()).isEqualTo(20);
        assertThat(r.allNew()).isLessThanOrEqualTo(r.allPending());
        assertThat(r.allPending()).isLessThanOrEqualTo(r.allAssigned());
        assertThat(r.allAssigned()).isLessThanOrEqualTo(r.allRunning());
        assertThat(r.heapAll()).isPositive();
        assertThat(r.leaderStable()).isTrue();
        assertThat(r.roundRates()).hasSize(2).allMatch(rate -> rate > 0);
        assertThat(r.warmMedian()).isEqualTo(r.roundRates().get(1));
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        ScaleBenchmark.print(r, new PrintStream(table, true, StandardCharsets.UTF_8));
        assertThat(table.toString(StandardCharsets.UTF_8))
                .contains("| 3 / 4 / 20 (2 services × 10) |")
                .contains("median placements per second after round 1");
    }
}
