package dev.skep.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.api.time.ManualTimer;
import dev.skep.trust.NodeCertificate;
import dev.skep.trust.NodeCsr;
import dev.skep.trust.RootCA;
import dev.skep.trust.SecurityConfig;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** When and how a node renews its certificate, on a manual clock with a real root CA signing. */
class CertificateRenewerTest {
    private static final Duration LIFE = Duration.ofSeconds(100);
    private final ManualTimer timer = new ManualTimer();
    private final RootCA root = RootCA.create(timer.clock());
    private final SecurityConfig security = SecurityConfig.inMemory(issue());
    /** The serial of the certificate each renewal request was made with. */
    private final List<BigInteger> askedWith = new ArrayList<>();

    private final AtomicInteger failuresLeft = new AtomicInteger();
    private CertificateRenewer renewer;

    @AfterEach
    void stop() {
        if (renewer != null) renewer.close();
    }

    private NodeCertificate issue() {
        NodeCsr csr = NodeCsr.create();
        return csr.withCertificate(root.issue(csr.der(), "node-1", RootCA.WORKER, "clu", LIFE), root.certificate());
    }

    /** The CA's side: a new certificate for the node, unless a failure was asked for. */
    private NodeCertificate renew(NodeCertificate current) {
        askedWith.add(current.certificate().getSerialNumber());
        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("no leader");
        }
        return issue();
    }

    private CertificateRenewer start(double random) {
        renewer = new CertificateRenewer(security, this::renew, timer, Runnable::run, () -> random).start();
        return renewer;
    }

    @Test
    void renewsAtHalfItsLifetimeAtTheEarliest() {
        NodeCertificate first = security.current();
        start(0.0);

        timer.advance(Duration.ofMillis(49_999));
        assertThat(askedWith).isEmpty();
        timer.advance(Duration.ofMillis(1));

        assertThat(askedWith).containsExactly(first.certificate().getSerialNumber());
        assertThat(security.current()).isNotSameAs(first);
        assertThat(security.current().certificate().getNotAfter())
                .isAfter(first.certificate().getNotAfter());
    }

    @Test
    void renewsAgainInEachNewCertificatesLifetime() {
        start(0.5);

        timer.advance(Duration.ofMillis(64_999));
        assertThat(askedWith).isEmpty();
        timer.advance(Duration.ofMillis(1));
        assertThat(askedWith).hasSize(1);
        NodeCertificate second = security.current();

        // the next renewal is placed in the new certificate's lifetime, which began now
        timer.advance(Duration.ofMillis(64_999));
        assertThat(askedWith).hasSize(1);
        timer.advance(Duration.ofMillis(1));
        assertThat(askedWith).hasSize(2).endsWith(second.certificate().getSerialNumber());
    }

    @Test
    void theRenewalPointIsSpreadOverTheWindowByTheRandomNumber() {
        X509Certificate cert = security.current().certificate();
        Instant issued = timer.now();

        assertThat(CertificateRenewer.issuedAt(cert)).isEqualTo(issued);
        assertThat(CertificateRenewer.renewalDelay(cert, issued, 0.0)).isEqualTo(Duration.ofSeconds(50));
        assertThat(CertificateRenewer.renewalDelay(cert, issued, 0.5)).isEqualTo(Duration.ofSeconds(65));
        assertThat(CertificateRenewer.renewalDelay(cert, issued, 0.999_99))
                .isBetween(Duration.ofMillis(79_990), Duration.ofSeconds(80));
        assertThat(CertificateRenewer.renewalDelay(cert, issued.plusSeconds(60), 0.5))
                .isEqualTo(Duration.ofSeconds(5));
        assertThat(CertificateRenewer.renewalDelay(cert, issued.plusSeconds(90), 0.5))
                .isZero();
    }

    @Test
    void aFailedRenewalIsRetriedSoonWithAGrowingDelayUntilItSucceeds() {
        NodeCertificate first = security.current();
        failuresLeft.set(3);
        start(0.0);

        timer.advance(Duration.ofSeconds(50));
        assertThat(askedWith).hasSize(1);
        timer.advance(Duration.ofMillis(500));
        assertThat(askedWith).hasSize(2);
        timer.advance(Duration.ofMillis(999));
        assertThat(askedWith).hasSize(2);
        timer.advance(Duration.ofMillis(1));
        assertThat(askedWith).hasSize(3);
        assertThat(security.current()).isSameAs(first);
        timer.advance(Duration.ofSeconds(2));

        assertThat(askedWith).hasSize(4);
        assertThat(security.current()).isNotSameAs(first);
        // back on the schedule: nothing until half the new certificate's lifetime
        timer.advance(Duration.ofSeconds(49));
        assertThat(askedWith).hasSize(4);
    }

    @Test
    void renewNowRenewsAtOnceAndThenFollowsTheNewCertificate() {
        start(0.0);
        timer.advance(Duration.ofSeconds(10));

        renewer.renewNow();
        timer.advance(Duration.ZERO);

        assertThat(askedWith).hasSize(1);
        timer.advance(Duration.ofSeconds(49));
        assertThat(askedWith).hasSize(1);
        timer.advance(Duration.ofSeconds(1));
        assertThat(askedWith).hasSize(2);
    }

    @Test
    void anExpiredCertificateIsReportedWithWhatToDo() {
        NodeCertificate first = security.current();
        failuresLeft.set(Integer.MAX_VALUE); // the managers refuse an expired certificate
        timer.advance(LIFE.plusSeconds(1));
        start(0.0);

        timer.advance(Duration.ofMinutes(2));

        assertThat(askedWith).isNotEmpty();
        assertThat(security.current()).isSameAs(first);
        assertThat(CertificateRenewer.expired(first))
                .contains("expired at " + first.certificate().getNotAfter().toInstant())
                .contains("docker swarm leave")
                .contains("docker swarm join");
    }

    @Test
    void closingStopsRenewals() {
        start(0.0);
        renewer.close();

        timer.advance(Duration.ofSeconds(100));

        assertThat(askedWith).isEmpty();
        assertThat(timer.pendingCount()).isZero();
    }
}
