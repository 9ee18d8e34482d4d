package dev.skep.daemon;

import dev.skep.api.errors.ApiException;
import dev.skep.api.net.Address;
import java.io.IOException;
import java.net.ServerSocket;

/**
 * Tries the ports a swarm membership will listen on before anything starts, so a port in use or an address not on
 * this host answers the API call with an error and leaves the node as it was (Docker's text: "failed to listen on
 * remote API address: listen tcp 0.0.0.0:7777: bind: address already in use").
 */
final class PortCheck {
    private PortCheck() {}

    /** Both ports of a manager: the cluster port and Raft's. */
    static void managerPorts(SwarmAddresses addrs) {
        free(addrs.listen(), "remote API");
        free(addrs.raftListen(), "Raft");
    }

    static void free(Address bind, String what) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(bind.socketAddress());
        } catch (IOException e) {
            throw ApiException.invalid(failure(bind, what, e));
        }
    }

    /** Docker's wording for a listen failure, with the JDK's reason in Go's lower case. */
    static String failure(Address bind, String what, Throwable e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int paren = reason.indexOf(" (");
        if (paren > 0) reason = reason.substring(0, paren); // "Address already in use (Bind failed)"
        reason = reason.isEmpty() ? reason : Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
        return "failed to listen on " + what + " address: listen tcp " + bind + ": bind: " + reason;
    }
}
