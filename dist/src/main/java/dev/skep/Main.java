package dev.skep;

import dev.skep.cli.SkepCli;
import dev.skep.daemon.DaemonMain;
import dev.skep.demo.DemoCommand;
import java.util.List;

/** The {@code skep} launcher's entry point: the CLI plus {@code skep daemon} (skepd) and {@code skep demo}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int code = SkepCli.run(args, System.out, System.err, List.of(new DaemonMain(), new DemoCommand()));
        // The daemon blocks inside its command until shut down, so reaching here means we are done.
        System.exit(code);
    }
}
