package dev.skep.daemon;

import dev.skep.api.time.Timer;
import dev.skep.trust.NodeCertificate;
import dev.skep.trust.RootCA;
import dev.skep.trust.SecurityConfig;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews this node's certificate by itself before it expires (SwarmKit's {@code TLSRenewer}): at a random point
 * between 50 % and 80 % of the certificate's lifetime — random so that the nodes of a cluster, whose certificates
 * were issued together, do not all ask the CA at once — it asks the leader for a new certificate with its current
 * one (mutual TLS) and hands it to the node's {@link SecurityConfig}, which saves it and presents it on every new
 * handshake. A failed renewal is retried with a growing delay until one succeeds. {@link #renewNow()} renews at
 * once (e.g. after a root CA rotation).
 *
 * <p>The lifetime is counted from issuance: certificates are backdated by {@link RootCA#BACKDATE} for peers
 * whose clocks lag, and SwarmKit counts that hour in, which for a one-hour certificate renews between 0 and 36
 * minutes after issuance; Skep renews between 30 and 48.
 */
final class CertificateRenewer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateRenewer.class);
    static final double LOWER = 0.5;
    static final double UPPER = 0.8;
    static final Duration FIRST_RETRY = Duration.ofMillis(500);
    static final Duration MAX_RETRY = Duration.ofSeconds(30);

    /** Asks the CA for a new certificate, proving who the node is with {@code current}. */
    @FunctionalInterface
    interface Renewal {
        NodeCertificate renew(NodeCertificate current);
    }

    private final SecurityConfig security;
    private final Renewal renewal;
    private final Timer timer;
    private final Executor calls;
    private final DoubleSupplier random;
    private Timer.Cancellable pending;
    private int failures;
    private boolean forced;
    private boolean closed;

    /**
     * {@code calls}: where the renewal (a blocking call to the leader) runs, off the timer's thread;
     * {@code random}: numbers in [0, 1) that place the renewal in its window.
     */
    CertificateRenewer(SecurityConfig security, Renewal renewal, Timer timer, Executor calls, DoubleSupplier random) {
        this.security = security;
        this.renewal = renewal;
        this.timer = timer;
        this.calls = calls;
        this.random = random;
    }

    /** Schedules the first renewal. */
    CertificateRenewer start() {
        schedule();
        return this;
    }

    /** Renews as soon as possible, and again after failures until it succeeds. */
    synchronized void renewNow() {
        if (closed) return;
        forced = true;
        LOG.info("certificate renewal requested");
        reschedule(Duration.ZERO);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (pending != null) pending.cancel();
        pending = null;
    }

    private synchronized void schedule() {
        if (closed) return;
        NodeCertificate cert = security.current();
        Instant now = timer.now();
        Duration delay;
        if (!now.isBefore(cert.certificate().getNotAfter().toInstant())) {
            LOG.error(expired(cert));
            delay = retryDelay();
        } else if (forced || failures > 0) {
            delay = retryDelay();
        } else {
            delay = renewalDelay(cert.certificate(), now, random.getAsDouble());
            LOG.info(
                    "certificate {} valid until {}: renewal in {}",
                    serial(cert),
                    cert.certificate().getNotAfter().toInstant(),
                    delay);
        }
        reschedule(delay);
    }

    private void reschedule(Duration delay) {
        if (pending != null) pending.cancel();
        pending = timer.after(delay, () -> calls.execute(this::attempt));
    }

    private void attempt() {
        synchronized (this) {
            if (closed) return;
        }
        NodeCertificate current = security.current();
        try {
            NodeCertificate renewed = renewal.renew(current);
            security.update(renewed);
            synchronized (this) {
                failures = 0;
                forced = false;
            }
            LOG.info(
                    "renewed this node's certificate: serial {} valid until {} (was {})",
                    serial(renewed),
                    renewed.certificate().getNotAfter().toInstant(),
                    serial(current));
        } catch (RuntimeException e) {
            int n;
            synchronized (this) {
                n = ++failures;
            }
            LOG.warn("renewing this node's certificate failed (attempt {}), will retry: {}", n, e.getMessage());
        }
        schedule();
    }

    /** 0.5 s, doubling after each failure, at most {@link #MAX_RETRY}. */
    private Duration retryDelay() {
        if (failures == 0) return forced ? Duration.ZERO : FIRST_RETRY;
        int doublings = Math.min(failures - 1, 16);
        Duration d = FIRST_RETRY.multipliedBy(1L << doublings);
        return d.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : d;
    }

    /**
     * How long from {@code now} until the renewal point: {@code LOWER + (UPPER - LOWER) * random} of the lifetime
     * after issuance; zero when that point is past.
     */
    static Duration renewalDelay(X509Certificate cert, Instant now, double random) {
        Instant issued = issuedAt(cert);
        long life = Duration.between(issued, cert.getNotAfter().toInstant()).toMillis();
        double fraction = LOWER + (UPPER - LOWER) * random;
        Instant at = issued.plusMillis((long) (life * fraction));
        return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
    }

    /** When the certificate was signed: its NotBefore is backdated by an hour (when it lasts longer than that). */
    static Instant issuedAt(X509Certificate cert) {
        Instant notBefore = cert.getNotBefore().toInstant();
        Instant signed = notBefore.plus(RootCA.BACKDATE);
        return signed.isBefore(cert.getNotAfter().toInstant()) ? signed : notBefore;
    }

    /** What an operator must do about a node that was off longer than its certificate lasts. */
    static String expired(NodeCertificate cert) {
        return "this node's certificate expired at "
                + cert.certificate().getNotAfter().toInstant()
                + " (the node was away longer than its certificate lasts): the managers refuse it and it cannot"
                + " renew it. Run 'docker swarm leave' ('--force' on a manager), then 'docker swarm join' with a"
                + " join token to rejoin the swarm";
    }

    private static String serial(NodeCertificate cert) {
        return cert.certificate().getSerialNumber().toString(16);
    }
}
