package dev.skep.coins;

/** Settings from environment variables, as the classic DockerCoins services read them. */
public final class Env {
    private Env() {}

    public static String string(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    public static int integer(String name, int fallback) {
        String value = string(name, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, got '" + value + "'", e);
        }
    }

    /** The container's hostname (its ID in Docker/Skep), shown on the services' index pages. */
    public static String hostname() {
        return string("HOSTNAME", "localhost");
    }
}
