package dev.skep.compose;

/** Go's duration syntax ({@code 10s}, {@code 1m30s}, {@code 1.5h}, {@code 300ms}) as nanoseconds. */
public final class Durations {
    private Durations() {
    }

    public static long parse(String text) {
        String s = text.strip();
        if (s.equals("0")) return 0;
        if (s.isEmpty()) throw invalid(text);
        boolean negative = s.startsWith("-");
        if (negative || s.startsWith("+")) s = s.substring(1);
        double total = 0;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) i++;
            if (start == i) throw invalid(text);
            double value = Double.parseDouble(s.substring(start, i));
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') i++;
            total += value * unit(s.substring(unitStart, i), text);
        }
        long nanos = Math.round(total);
        return negative ? -nanos : nanos;
    }

    private static double unit(String unit, String text) {
        return switch (unit) {
            case "ns" -> 1;
            case "us", "µs", "μs" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            case "h" -> 3600e9;
            case "" -> throw new IllegalArgumentException("missing unit in duration \"" + text + "\"");
            default -> throw new IllegalArgumentException("unknown unit \"" + unit + "\" in duration \"" + text + "\"");
        };
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("invalid duration \"" + text + "\"");
    }
}
