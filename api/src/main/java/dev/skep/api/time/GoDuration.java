package dev.skep.api.time;

/**
 * Durations as Go reads them ({@code time.ParseDuration}) and writes them ({@code time.Duration.String()}),
 * in nanoseconds as the Engine API carries them. The one parser of the CLI's flags and the compose files, so
 * {@code --update-delay 1.9999999999s} and {@code delay: 1.9999999999s} mean the same nanoseconds as in docker.
 */
public final class GoDuration {
    /** 1<<63 as an unsigned 64-bit value: Go's bound before the sign is applied. */
    private static final long MAX_MAGNITUDE = Long.MIN_VALUE;

    private GoDuration() {}

    /**
     * Parses "10s", "1m30s", "1.5h", "-500ms", "0" exactly as Go does: no surrounding space, each fraction
     * truncated to the nanosecond per unit, overflow refused; throws IllegalArgumentException with Go's text.
     */
    public static long parse(String text) {
        String s = text;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) return 0;
        if (s.isEmpty()) throw invalid(text);
        long total = 0; // unsigned, at most 1<<63
        int i = 0;
        while (i < s.length()) {
            Component c = Component.read(s, i, text);
            i = c.end;
            total += c.nanos;
            if (Long.compareUnsigned(total, MAX_MAGNITUDE) > 0) throw invalid(text);
        }
        if (negative) return -total;
        if (total < 0) throw invalid(text);
        return total;
    }

    /** One {@code [0-9]*(\.[0-9]*)?unit} run of a duration, its value in nanoseconds and where it ends. */
    private record Component(long nanos, int end) {
        static Component read(String s, int start, String text) {
            int i = start;
            if (i >= s.length() || !(s.charAt(i) == '.' || isDigit(s.charAt(i)))) throw invalid(text);
            long whole = 0;
            while (i < s.length() && isDigit(s.charAt(i))) {
                if (Long.compareUnsigned(whole, Long.divideUnsigned(MAX_MAGNITUDE, 10)) > 0) throw invalid(text);
                whole = whole * 10 + (s.charAt(i) - '0');
                if (Long.compareUnsigned(whole, MAX_MAGNITUDE) > 0) throw invalid(text);
                i++;
            }
            boolean digitsBefore = i > start;
            Fraction fraction = Fraction.NONE;
            if (i < s.length() && s.charAt(i) == '.') {
                fraction = Fraction.read(s, i + 1);
                i = fraction.end;
            }
            if (!digitsBefore && !fraction.hasDigits) throw invalid(text);
            int unitStart = i;
            while (i < s.length() && s.charAt(i) != '.' && !isDigit(s.charAt(i))) i++;
            if (i == unitStart) throw new IllegalArgumentException("time: missing unit in duration " + quote(text));
            String unit = s.substring(unitStart, i);
            long perUnit = unitNanos(unit, text);
            if (Long.compareUnsigned(whole, Long.divideUnsigned(MAX_MAGNITUDE, perUnit)) > 0) throw invalid(text);
            long nanos = whole * perUnit;
            if (fraction.digits != 0) {
                // Go computes the fraction in float64 and truncates: exact to the nanosecond even for hours.
                nanos += (long) (unsignedToDouble(fraction.digits) * ((double) perUnit / fraction.scale));
                if (Long.compareUnsigned(nanos, MAX_MAGNITUDE) > 0) throw invalid(text);
            }
            return new Component(nanos, i);
        }
    }

    /** The digits after a point as Go's {@code leadingFraction} keeps them: precision stops at overflow. */
    private record Fraction(long digits, double scale, boolean hasDigits, int end) {
        static final Fraction NONE = new Fraction(0, 1, false, 0);

        static Fraction read(String s, int start) {
            long digits = 0;
            double scale = 1;
            boolean overflow = false;
            int i = start;
            for (; i < s.length() && isDigit(s.charAt(i)); i++) {
                if (overflow) continue;
                if (Long.compareUnsigned(digits, Long.MAX_VALUE / 10) > 0) {
                    overflow = true;
                    continue;
                }
                long next = digits * 10 + (s.charAt(i) - '0');
                if (Long.compareUnsigned(next, MAX_MAGNITUDE) > 0) {
                    overflow = true;
                    continue;
                }
                digits = next;
                scale *= 10;
            }
            return new Fraction(digits, scale, i > start, i);
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static double unsignedToDouble(long v) {
        return v >= 0 ? v : ((double) ((v >>> 1) | (v & 1))) * 2.0;
    }

    private static long unitNanos(String unit, String text) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs", "μs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default ->
                throw new IllegalArgumentException("time: unknown unit " + quote(unit) + " in duration " + quote(text));
        };
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("time: invalid duration " + quote(text));
    }

    /** Go's {@code time.quote}: double quotes, with non-ASCII and control bytes written as UTF-8 {@code \xNN}. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        s.codePoints().forEach(cp -> {
            if (cp >= 0x80 || cp < ' ') {
                for (byte b : Character.toString(cp).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                    out.append(String.format("\\x%02x", b & 0xff));
                }
            } else {
                if (cp == '"' || cp == '\\') out.append('\\');
                out.appendCodePoint(cp);
            }
        });
        return out.append('"').toString();
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
