package dev.skep.network.lb;

import dev.skep.network.NodeNetworks;
import dev.skep.network.exec.CommandRunner;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses the load balancer: nftables where it works, the userspace proxy otherwise, or whatever is forced. */
public final class LoadBalancers {
    private static final Logger log = LoggerFactory.getLogger(LoadBalancers.class);

    /** AUTO = nftables when available and working, else userspace (also when nft fails later). */
    public enum Mode {
        AUTO,
        NFTABLES,
        USERSPACE
    }

    private LoadBalancers() {}

    public static LoadBalancer create(Mode mode, CommandRunner runner) {
        return switch (mode) {
            case NFTABLES -> new NftLoadBalancer(runner);
            case USERSPACE -> new UserspaceProxy();
            case AUTO ->
                NftLoadBalancer.available(runner)
                        ? new Fallback(new NftLoadBalancer(runner), UserspaceProxy::new)
                        : logged(new UserspaceProxy());
        };
    }

    private static LoadBalancer logged(LoadBalancer lb) {
        log.warn("nftables is not usable here; VIPs and published ports use the userspace proxy");
        return lb;
    }

    /** Uses the primary until an apply fails, then removes what it can of it and switches for good. */
    static final class Fallback implements LoadBalancer {
        private final Supplier<LoadBalancer> secondary;
        private LoadBalancer current;
        private boolean switched;

        Fallback(LoadBalancer primary, Supplier<LoadBalancer> secondary) {
            this.current = primary;
            this.secondary = secondary;
        }

        @Override
        public synchronized void apply(NodeNetworks desired) {
            try {
                current.apply(desired);
            } catch (RuntimeException e) {
                if (switched) {
                    throw e;
                }
                log.warn(
                        "{} load balancer failed ({}); switching to the userspace proxy",
                        current.kind(),
                        e.getMessage());
                current.close();
                current = secondary.get();
                switched = true;
                current.apply(desired);
            }
        }

        @Override
        public synchronized String kind() {
            return current.kind();
        }

        @Override
        public synchronized void close() {
            current.close();
        }
    }
}
