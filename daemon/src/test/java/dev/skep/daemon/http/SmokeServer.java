package dev.skep.daemon.http;

import java.nio.file.Path;

/** Manual check with the real docker CLI: serves a FakeNode on the socket given as the first argument. */
public final class SmokeServer {
    private SmokeServer() {}

    public static void main(String[] args) throws Exception {
        FakeNode node = new FakeNode();
        ApiServer server = new ApiServer(node, ApiServer.Options.unix(Path.of(args[0])));
        server.start();
        System.out.println("listening on " + args[0]);
        Thread.currentThread().join();
    }
}
