package dev.skep.network.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Turns one DNS query into its answer: service names from the current {@link ServiceRecords}, everything else
 * from the upstream resolvers. Single-label names that are not services get NXDOMAIN here (no resolver outside
 * the swarm could know them, and asking would only add latency); AAAA and other types for service names get an
 * empty NOERROR answer so clients do not try elsewhere.
 */
final class DnsAnswerer {
    /** Zero TTL: clients must not cache, so scaling is visible to the next lookup. */
    private static final long TTL = 0;

    private final Supplier<ServiceRecords> records;
    private final Resolver upstream;

    DnsAnswerer(Supplier<ServiceRecords> records, Resolver upstream) {
        this.records = records;
        this.upstream = upstream;
    }

    CompletableFuture<Message> answer(Message query, String networkId) {
        Record question = query.getQuestion();
        if (question == null || query.getHeader().getOpcode() != 0) {
            return CompletableFuture.completedFuture(reply(query, Rcode.NOTIMP));
        }
        Name name = question.getName();
        List<String> ips = records.get().lookup(networkId, name.toString());
        if (ips != null) {
            Message reply = reply(query, Rcode.NOERROR);
            reply.getHeader().setFlag(Flags.AA);
            if (question.getType() == Type.A || question.getType() == Type.ANY) {
                ips.forEach(ip -> reply.addRecord(new ARecord(name, DClass.IN, TTL, address(ip)), Section.ANSWER));
            }
            return CompletableFuture.completedFuture(reply);
        }
        if (name.labels() <= 2) {
            // "web." has two labels (web and the root): a bare name only the swarm could know
            return CompletableFuture.completedFuture(reply(query, Rcode.NXDOMAIN));
        }
        if (upstream == null) {
            return CompletableFuture.completedFuture(reply(query, Rcode.SERVFAIL));
        }
        return upstream.sendAsync(query)
                .toCompletableFuture()
                .thenApply(r -> {
                    r.getHeader().setID(query.getHeader().getID());
                    return r;
                })
                .exceptionally(e -> reply(query, Rcode.SERVFAIL));
    }

    private static Message reply(Message query, int rcode) {
        Message reply = new Message(query.getHeader().getID());
        reply.getHeader().setFlag(Flags.QR);
        reply.getHeader().setFlag(Flags.RA);
        if (query.getHeader().getFlag(Flags.RD)) {
            reply.getHeader().setFlag(Flags.RD);
        }
        reply.getHeader().setRcode(rcode);
        if (query.getQuestion() != null) {
            reply.addRecord(query.getQuestion(), Section.QUESTION);
        }
        return reply;
    }

    private static InetAddress address(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }
}
