package dev.skep.cli.format;

import java.util.Comparator;
import java.util.Locale;

/** Small text helpers docker's formatter uses: short IDs, ellipsis, capitalisation, natural order. */
public final class Text {
    private static final int SHORT_ID = 12;

    private Text() {}

    public static String truncateId(String id) {
        if (id == null) return "";
        int colon = id.indexOf(':');
        if (colon >= 0) id = id.substring(colon + 1);
        return id.length() > SHORT_ID ? id.substring(0, SHORT_ID) : id;
    }

    /** Cuts to at most {@code max} characters, the last one an ellipsis. */
    public static String ellipsis(String s, int max) {
        if (max <= 0) return "";
        int n = s.codePointCount(0, s.length());
        if (n <= max) return s;
        if (max == 1) return s.substring(0, s.offsetByCodePoints(0, 1));
        return s.substring(0, s.offsetByCodePoints(0, max - 1)) + "…";
    }

    /** "ready" → "Ready", "LEADER" → "Leader"; the empty string stays empty. */
    public static String capitalize(String s) {
        if (s == null || s.isEmpty()) return s == null ? "" : s;
        if (s.length() == 1) return s.toLowerCase(Locale.ROOT);
        return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT);
    }

    /** Natural order: runs of digits compare by value ("node2" before "node10"), as sortorder.NaturalLess. */
    public static final Comparator<String> NATURAL = Text::naturalCompare;

    static int naturalCompare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int si = i;
                int sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) i++;
                while (j < b.length() && Character.isDigit(b.charAt(j))) j++;
                String na = a.substring(si, i).replaceFirst("^0+(?=.)", "");
                String nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
                if (na.length() != nb.length()) return na.length() - nb.length();
                int c = na.compareTo(nb);
                if (c != 0) return c;
                int lenDiff = (i - si) - (j - sj);
                if (lenDiff != 0) return lenDiff;
            } else {
                if (ca != cb) return ca - cb;
                i++;
                j++;
            }
        }
        return (a.length() - i) - (b.length() - j);
    }

    /**
     * An image reference for display, as docker's ls/ps show it: a tagged reference loses its digest and
     * the default registry prefix ("docker.io/library/nginx:1.27@sha256:…" → "nginx:1.27").
     */
    public static String displayImage(String image) {
        if (image == null) return "";
        String name = image;
        int at = name.indexOf('@');
        String withoutDigest = at >= 0 ? name.substring(0, at) : name;
        int slash = withoutDigest.lastIndexOf('/');
        boolean tagged = withoutDigest.indexOf(':', slash + 1) >= 0;
        if (!tagged) return image;
        if (withoutDigest.startsWith("docker.io/library/"))
            return withoutDigest.substring("docker.io/library/".length());
        if (withoutDigest.startsWith("docker.io/")) return withoutDigest.substring("docker.io/".length());
        return withoutDigest;
    }
}
