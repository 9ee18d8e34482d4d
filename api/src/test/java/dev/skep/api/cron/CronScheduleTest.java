package dev.skep.api.cron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronScheduleTest {
    private static Instant at(String iso) {
        return Instant.parse(iso);
    }

    private static Instant next(String schedule, String after) {
        return CronSchedule.parse(schedule).next(at(after)).orElseThrow();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "*/5 * * * *      | 2024-03-01T10:02:30Z | 2024-03-01T10:05:00Z",
                "*/5 * * * *      | 2024-03-01T10:05:00Z | 2024-03-01T10:10:00Z",
                "* * * * *        | 2024-03-01T10:05:59Z | 2024-03-01T10:06:00Z",
                "0 * * * *        | 2024-03-01T10:00:00Z | 2024-03-01T11:00:00Z",
                "30 2 * * *       | 2024-03-01T03:00:00Z | 2024-03-02T02:30:00Z",
                "0 0 1 * *        | 2024-03-15T00:00:00Z | 2024-04-01T00:00:00Z",
                "0 0 * * 1-5      | 2024-03-01T12:00:00Z | 2024-03-04T00:00:00Z",
                "0 0 * * mon-fri  | 2024-03-01T12:00:00Z | 2024-03-04T00:00:00Z",
                "0 0 * * 7        | 2024-03-01T12:00:00Z | 2024-03-03T00:00:00Z",
                "0 0 * * 0        | 2024-03-01T12:00:00Z | 2024-03-03T00:00:00Z",
                "0 12 * jan,jul * | 2024-03-01T12:00:00Z | 2024-07-01T12:00:00Z",
                "10-50/20 * * * * | 2024-03-01T10:31:00Z | 2024-03-01T10:50:00Z",
                "5/20 * * * *     | 2024-03-01T10:46:00Z | 2024-03-01T11:05:00Z",
                "0 0 29 2 *       | 2024-03-01T00:00:00Z | 2028-02-29T00:00:00Z",
                "0 0 31 * *       | 2024-04-01T00:00:00Z | 2024-05-31T00:00:00Z",
                // both day fields restricted: either one matches (1st of the month, or a Friday)
                "0 0 1 * fri      | 2024-03-02T00:00:00Z | 2024-03-08T00:00:00Z",
                "0 0 1 * fri      | 2024-03-29T01:00:00Z | 2024-04-01T00:00:00Z",
            })
    void nextFiringTime(String schedule, String after, String expected) {
        assertThat(next(schedule.trim(), after.trim())).isEqualTo(at(expected.trim()));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "* * * *          | expected 5 fields",
                "* * * * * *      | expected 5 fields",
                "60 * * * *       | minute: 60 is out of range 0-59",
                "* 24 * * *       | hour: 24 is out of range 0-23",
                "* * 0 * *        | day-of-month: 0 is out of range 1-31",
                "* * * 13 *       | month: 13 is out of range 1-12",
                "* * * * 8        | day-of-week: 8 is out of range 0-7",
                "*/0 * * * *      | minute: step must be at least 1",
                "5-1 * * * *      | minute: range 5-1 runs backwards",
                "a * * * *        | minute: invalid value \"a\"",
                "* * * foo *      | month: invalid value \"foo\"",
                "1,,2 * * * *     | minute: empty list item",
                "0 0 30 2 *       | day-of-month: 30 never occurs",
            })
    void rejectsBadSchedulesNamingTheField(String schedule, String message) {
        assertThatThrownBy(() -> CronSchedule.parse(schedule.trim()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message.trim());
    }

    @Test
    void rejectsEmpty() {
        assertThatThrownBy(() -> CronSchedule.parse(" ")).hasMessageContaining("empty");
    }

    @Test
    void keepsItsText() {
        assertThat(CronSchedule.parse(" */5 * * * * ")).hasToString("*/5 * * * *");
    }
}
