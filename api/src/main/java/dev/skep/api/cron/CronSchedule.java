package dev.skep.api.cron;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A standard five-field cron schedule, {@code minute hour day-of-month month day-of-week}, evaluated in UTC
 * (managers of one cluster may sit in different time zones; UTC gives them one answer). Each field takes
 * {@code *}, numbers, lists ({@code 1,15}), ranges ({@code 1-5}) and steps ({@code *}{@code /5}, {@code 10-50/10},
 * {@code 5/15}); months and weekdays also take English three-letter names, and day-of-week 7 is Sunday like 0.
 * As in Vixie cron, when both day-of-month and day-of-week are restricted a day matching either one fires.
 *
 * <p>Shared by the manager (which fires schedules) and the CLI (which shows the next run), so it lives here.
 */
public final class CronSchedule {
    private static final List<String> FIELDS = List.of("minute", "hour", "day-of-month", "month", "day-of-week");
    private static final int[] MIN = {0, 0, 1, 1, 0};
    private static final int[] MAX = {59, 23, 31, 12, 7};
    private static final List<String> MONTHS =
            List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");
    private static final List<String> DAYS = List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat");
    /** How far ahead {@link #next} looks: far enough for any real schedule (Feb 29 on a Monday included). */
    private static final int SEARCH_YEARS = 30;

    private final String text;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean domRestricted;
    private final boolean dowRestricted;

    private CronSchedule(String text, BitSet[] fields, boolean domRestricted, boolean dowRestricted) {
        this.text = text;
        this.minutes = fields[0];
        this.hours = fields[1];
        this.daysOfMonth = fields[2];
        this.months = fields[3];
        this.daysOfWeek = fields[4];
        this.domRestricted = domRestricted;
        this.dowRestricted = dowRestricted;
    }

    /**
     * Parses a schedule; the message of the {@link IllegalArgumentException} names the offending field,
     * e.g. {@code month: 13 is out of range 1-12}.
     */
    public static CronSchedule parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("empty schedule");
        String[] parts = text.trim().split("\\s+");
        if (parts.length != 5) {
            throw new IllegalArgumentException(
                    "expected 5 fields (minute hour day-of-month month day-of-week), got " + parts.length);
        }
        BitSet[] fields = new BitSet[5];
        for (int i = 0; i < 5; i++) {
            try {
                fields[i] = parseField(parts[i].toLowerCase(Locale.ROOT), i);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(FIELDS.get(i) + ": " + e.getMessage(), e);
            }
        }
        if (fields[4].get(7)) {
            fields[4].clear(7);
            fields[4].set(0);
        }
        CronSchedule s = new CronSchedule(text.trim(), fields, !parts[2].startsWith("*"), !parts[4].startsWith("*"));
        if (s.next(Instant.EPOCH).isEmpty()) {
            throw new IllegalArgumentException("day-of-month: " + parts[2] + " never occurs in month " + parts[3]);
        }
        return s;
    }

    private static BitSet parseField(String field, int index) {
        BitSet bits = new BitSet();
        for (String item : field.split(",", -1)) {
            if (item.isEmpty()) throw new IllegalArgumentException("empty list item in \"" + field + "\"");
            String range = item;
            int step = 1;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                range = item.substring(0, slash);
                step = number(item.substring(slash + 1), "step");
                if (step < 1) throw new IllegalArgumentException("step must be at least 1 in \"" + item + "\"");
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = MIN[index];
                to = index == 4 ? 6 : MAX[index];
            } else {
                int dash = range.indexOf('-', 1);
                from = value(dash < 0 ? range : range.substring(0, dash), index);
                to = dash < 0
                        ? (slash >= 0 ? (index == 4 ? 6 : MAX[index]) : from)
                        : value(range.substring(dash + 1), index);
                if (to < from) throw new IllegalArgumentException("range " + range + " runs backwards");
            }
            for (int v = from; v <= to; v += step) bits.set(v);
        }
        return bits;
    }

    private static int value(String s, int index) {
        List<String> names = index == 3 ? MONTHS : index == 4 ? DAYS : List.of();
        int named = names.indexOf(s);
        if (named >= 0) return index == 3 ? named + 1 : named;
        int v = number(s, "value");
        if (v < MIN[index] || v > MAX[index]) {
            throw new IllegalArgumentException(s + " is out of range " + MIN[index] + "-" + MAX[index]);
        }
        return v;
    }

    private static int number(String s, String what) {
        if (s.isEmpty() || !s.chars().allMatch(Character::isDigit) || s.length() > 4) {
            throw new IllegalArgumentException("invalid " + what + " \"" + s + "\"");
        }
        return Integer.parseInt(s);
    }

    /** The first time strictly after {@code after} (to the minute) that the schedule fires; empty if never. */
    public Optional<Instant> next(Instant after) {
        LocalDateTime t = LocalDateTime.ofInstant(after, ZoneOffset.UTC)
                .truncatedTo(ChronoUnit.MINUTES)
                .plusMinutes(1);
        LocalDateTime limit = t.plusYears(SEARCH_YEARS);
        while (t.isBefore(limit)) {
            if (!months.get(t.getMonthValue())) {
                t = t.withDayOfMonth(1).toLocalDate().plusMonths(1).atStartOfDay();
                continue;
            }
            if (!dayMatches(t.toLocalDate())) {
                t = t.toLocalDate().plusDays(1).atStartOfDay();
                continue;
            }
            if (!hours.get(t.getHour())) {
                t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
                continue;
            }
            if (!minutes.get(t.getMinute())) {
                t = t.plusMinutes(1);
                continue;
            }
            return Optional.of(t.toInstant(ZoneOffset.UTC));
        }
        return Optional.empty();
    }

    private boolean dayMatches(LocalDate d) {
        boolean dom = daysOfMonth.get(d.getDayOfMonth());
        boolean dow = daysOfWeek.get(d.getDayOfWeek().getValue() % 7);
        if (domRestricted && dowRestricted) return dom || dow;
        return dom && dow;
    }

    @Override
    public String toString() {
        return text;
    }
}
