package dev.skep.network.kernel;

import dev.skep.network.exec.Command;
import dev.skep.network.exec.CommandResult;
import dev.skep.network.exec.HostCommandRunner;
import java.util.ArrayList;
import java.util.List;

/** Shell helpers for the real-kernel tests: every address and device they touch is one the test made. */
final class Sh {
    private static final HostCommandRunner HOST = HostCommandRunner.host();

    private Sh() {}

    static CommandResult run(String... argv) {
        return HOST.run(Command.of(argv));
    }

    static String check(String... argv) {
        return HOST.check(argv);
    }

    static String in(String ns, String... argv) {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        all.addAll(List.of(argv));
        return HOST.check(all.toArray(String[]::new));
    }

    static CommandResult tryIn(String ns, String... argv) {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        all.addAll(List.of(argv));
        return HOST.run(new Command(all, null));
    }

    /** Root, iproute2 and network namespaces available. */
    static boolean canUseNetns() {
        try {
            return run("id", "-u").stdout().strip().equals("0")
                    && run("ip", "netns", "list").ok();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Runs a command ignoring failure (teardown of things that may not exist). */
    static void quietly(String... argv) {
        try {
            run(argv);
        } catch (RuntimeException ignored) {
            // nothing to remove
        }
    }
}
