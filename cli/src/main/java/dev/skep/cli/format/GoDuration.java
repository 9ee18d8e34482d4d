package dev.skep.cli.format;

import java.math.BigDecimal;

/**
 * Durations written as Go writes them ({@code 1m30s}, {@code 500ms}, {@code 1h0m0s}) and read as Go's
 * {@code time.ParseDuration} reads them. Values are nanoseconds, as in the Engine API.
 */
public final class GoDuration {
    private GoDuration() {
    }

    /** Parses "10s", "1m30s", "1.5h", "500ms", "0"; throws IllegalArgumentException with Go's wording. */
    public static long parse(String text) {
        String s = text.trim();
        if (s.isEmpty()) throw invalid(text);
        boolean negative = false;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) return 0;
        if (s.isEmpty()) throw invalid(text);
        BigDecimal total = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) i++;
            String number = s.substring(start, i);
            if (number.isEmpty() || number.equals(".")) throw invalid(text);
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') i++;
            String unit = s.substring(unitStart, i);
            if (unit.isEmpty()) throw new IllegalArgumentException("time: missing unit in duration \"" + text + "\"");
            total = total.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unitNanos(unit, text))));
        }
        long nanos = total.longValue();
        return negative ? -nanos : nanos;
    }

    private static long unitNanos(String unit, String text) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs", "μs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> throw new IllegalArgumentException("time: unknown unit \"" + unit + "\" in duration \"" + text + "\"");
        };
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("time: invalid duration \"" + text + "\"");
    }

    /** Formats nanoseconds like Go's {@code time.Duration.String()}. */
    public static String format(long nanos) {
        if (nanos == 0) return "0s";
        boolean negative = nanos < 0;
        long u = Math.abs(nanos);
        String s;
        if (u < 1_000_000_000L) {
            if (u < 1_000L) s = u + "ns";
            else if (u < 1_000_000L) s = fraction(u, 3) + "µs";
            else s = fraction(u, 6) + "ms";
        } else {
            long hours = u / 3_600_000_000_000L;
            long rest = u % 3_600_000_000_000L;
            long minutes = rest / 60_000_000_000L;
            long secNanos = rest % 60_000_000_000L;
            String secs = fraction(secNanos, 9) + "s";
            if (hours > 0) s = hours + "h" + minutes + "m" + secs;
            else if (minutes > 0) s = minutes + "m" + secs;
            else s = secs;
        }
        return negative ? "-" + s : s;
    }

    /** value / 10^digits with trailing zeros of the fraction dropped. */
    private static String fraction(long value, int digits) {
        long pow = (long) Math.pow(10, digits);
        long whole = value / pow;
        long frac = value % pow;
        if (frac == 0) return Long.toString(whole);
        String f = String.format("%0" + digits + "d", frac).replaceAll("0+$", "");
        return whole + "." + f;
    }
}
