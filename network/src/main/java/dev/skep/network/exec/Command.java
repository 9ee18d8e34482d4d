package dev.skep.network.exec;

import java.util.List;

/** One invocation of a host tool ({@code ip}, {@code bridge}, {@code nft}, {@code sysctl}), optionally fed stdin. */
public record Command(List<String> argv, String stdin) {
    public Command {
        argv = List.copyOf(argv);
    }

    public static Command of(String... argv) {
        return new Command(List.of(argv), null);
    }

    public static Command withInput(String stdin, String... argv) {
        return new Command(List.of(argv), stdin);
    }

    @Override
    public String toString() {
        return String.join(" ", argv) + (stdin == null ? "" : " <<\n" + stdin);
    }
}
