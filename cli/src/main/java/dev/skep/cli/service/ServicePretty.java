package dev.skep.cli.service;

import dev.skep.api.model.ContainerSpec;
import dev.skep.api.model.HealthConfig;
import dev.skep.api.model.Mount;
import dev.skep.api.model.PortConfig;
import dev.skep.api.model.Resources;
import dev.skep.api.model.Service;
import dev.skep.api.model.TaskSpec;
import dev.skep.api.model.UpdateConfig;
import dev.skep.api.time.GoDuration;
import dev.skep.api.units.Units;
import dev.skep.cli.format.HumanTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code service inspect --pretty}: docker's human-readable layout of a service. */
public final class ServicePretty {
    private final StringBuilder sb = new StringBuilder();
    private final Instant now;

    private ServicePretty(Instant now) {
        this.now = now;
    }

    public static String render(Service s, Instant now) {
        return new ServicePretty(now).service(s).sb.toString();
    }

    private ServicePretty line(String text) {
        sb.append(text).append('\n');
        return this;
    }

    private ServicePretty service(Service s) {
        var spec = s.spec();
        TaskSpec task = spec.taskTemplate() == null
                ? new TaskSpec(null, null, null, null, null, null, null, null, null, null)
                : spec.taskTemplate();
        line("");
        line("ID:\t\t" + s.id());
        line("Name:\t\t" + spec.name());
        if (spec.labels() != null && !spec.labels().isEmpty()) {
            line("Labels:");
            new TreeMap<>(spec.labels()).forEach((k, v) -> line(" " + k + (v.isEmpty() ? "" : "=" + v)));
        }
        mode(s);
        updateStatus(s);
        placement(task);
        updateConfig("UpdateConfig", "Update order:      ", spec.updateConfig());
        updateConfig("RollbackConfig", "Rollback order:    ", spec.rollbackConfig());
        container(task.containerSpec());
        resources(task);
        if (task.networks() != null && !task.networks().isEmpty()) {
            StringBuilder n = new StringBuilder("Networks:");
            task.networks().forEach(net -> n.append(' ').append(net.target()));
            line(n.append(' ').toString());
        }
        line("Endpoint Mode:\t"
                + (spec.endpointSpec() == null || spec.endpointSpec().mode() == null
                        ? ""
                        : spec.endpointSpec().mode()));
        ports(s);
        health(task.containerSpec());
        return this;
    }

    private void mode(Service s) {
        var m = s.spec().mode();
        if (m != null && m.global() != null) {
            line("Service Mode:\tGlobal");
        } else if (m != null && m.replicated() != null) {
            line("Service Mode:\tReplicated");
            if (m.replicated().replicas() != null)
                line(" Replicas:\t" + m.replicated().replicas());
        } else {
            line("Service Mode:");
        }
    }

    private void updateStatus(Service s) {
        var u = s.updateStatus();
        if (u == null || u.state() == null || u.state().isEmpty()) return;
        line("UpdateStatus:");
        line(" State:\t\t" + u.state());
        if (u.startedAt() != null) line(" Started:\t" + ago(u.startedAt()));
        if ("completed".equals(u.state()) && u.completedAt() != null) line(" Completed:\t" + ago(u.completedAt()));
        line(" Message:\t" + (u.message() == null ? "" : u.message()));
    }

    private String ago(Instant t) {
        return HumanTime.humanDuration(Duration.between(t, now)) + " ago";
    }

    private void placement(TaskSpec task) {
        line("Placement:");
        var p = task.placement();
        if (p == null) return;
        if (p.constraints() != null && !p.constraints().isEmpty()) line(" Constraints:\t" + goList(p.constraints()));
        if (p.preferences() != null && !p.preferences().isEmpty()) {
            List<String> prefs = new ArrayList<>();
            p.preferences().forEach(pref -> {
                if (pref.spread() != null) prefs.add("spread=" + pref.spread().spreadDescriptor());
            });
            line(" Preferences:   " + goList(prefs));
        }
        if (p.maxReplicas() != null && p.maxReplicas() > 0) line(" Max Replicas Per Node:   " + p.maxReplicas());
    }

    private void updateConfig(String title, String orderLabel, UpdateConfig c) {
        if (c == null) return;
        line(title + ":");
        line(" Parallelism:\t" + n(c.parallelism()));
        if (n(c.delay()) > 0) line(" Delay:\t\t" + GoDuration.format(c.delay()));
        line(" On failure:\t" + (c.failureAction() == null ? "" : c.failureAction()));
        if (n(c.monitor()) > 0) line(" Monitoring Period: " + GoDuration.format(c.monitor()));
        line(" Max failure ratio: " + ratio(c.maxFailureRatio()));
        line(" " + orderLabel + (c.order() == null ? "" : c.order()));
    }

    private void container(ContainerSpec c) {
        line("ContainerSpec:");
        if (c == null) return;
        line(" Image:\t\t" + c.image());
        if (c.args() != null && !c.args().isEmpty()) line(" Args:\t\t" + String.join(" ", c.args()) + " ");
        if (c.env() != null && !c.env().isEmpty()) line(" Env:\t\t" + String.join(" ", c.env()) + " ");
        if (c.dir() != null && !c.dir().isEmpty()) line(" Dir:\t\t" + c.dir());
        if (c.init() != null) line(" Init:\t\t" + c.init());
        if (c.user() != null && !c.user().isEmpty()) line(" User: " + c.user());
        boolean add = c.capabilityAdd() != null && !c.capabilityAdd().isEmpty();
        boolean drop = c.capabilityDrop() != null && !c.capabilityDrop().isEmpty();
        if (add || drop) {
            line("Capabilities:");
            if (add) line(" Add: " + String.join(", ", c.capabilityAdd()));
            if (drop) line(" Drop: " + String.join(", ", c.capabilityDrop()));
        }
        if (c.sysctls() != null && !c.sysctls().isEmpty()) {
            line("SysCtls:");
            new TreeMap<>(c.sysctls()).forEach((k, v) -> line(" " + k + (v.isEmpty() ? "" : ": " + v)));
        }
        if (c.ulimits() != null && !c.ulimits().isEmpty()) {
            line("Ulimits:");
            Map<String, String> u = new TreeMap<>();
            c.ulimits().forEach(l -> u.put(l.name(), n(l.soft()) + ":" + n(l.hard())));
            u.forEach((k, v) -> line(" " + k + ": " + v));
        }
        if (c.mounts() != null && !c.mounts().isEmpty()) {
            line("Mounts:");
            for (Mount m : c.mounts()) {
                line(" Target:\t" + m.target());
                line("  Source:\t" + (m.source() == null ? "" : m.source()));
                line("  ReadOnly:\t" + Boolean.TRUE.equals(m.readOnly()));
                line("  Type:\t\t" + m.type());
            }
        }
    }

    private void resources(TaskSpec task) {
        var r = task.resources();
        if (r == null) return;
        Resources res = r.reservations();
        Resources lim = r.limits();
        boolean hasRes = res != null && (res.cpus() > 0 || res.memory() > 0);
        boolean hasLim = lim != null && (lim.cpus() > 0 || lim.memory() > 0 || n(lim.pids()) > 0);
        line("Resources:");
        if (hasRes) {
            line(" Reservations:");
            if (res.cpus() > 0) line("  CPU:\t\t" + Units.cpus(res.cpus()));
            if (res.memory() > 0) line("  Memory:\t" + Units.bytesSize(res.memory()));
        }
        if (hasLim) {
            line(" Limits:");
            if (lim.cpus() > 0) line("  CPU:\t\t" + Units.cpus(lim.cpus()));
            if (lim.memory() > 0) line("  Memory:\t" + Units.bytesSize(lim.memory()));
        }
        if (lim != null && n(lim.pids()) > 0) line("  PIDs:\t\t" + lim.pids());
    }

    private void ports(Service s) {
        if (s.endpoint() == null
                || s.endpoint().ports() == null
                || s.endpoint().ports().isEmpty()) return;
        line("Ports:");
        for (PortConfig p : s.endpoint().ports()) {
            line(" PublishedPort = " + n(p.publishedPort()));
            line("  Protocol = " + p.protocol());
            line("  TargetPort = " + n(p.targetPort()));
            line("  PublishMode = " + p.publishMode());
        }
    }

    private void health(ContainerSpec c) {
        HealthConfig h = c == null ? null : c.healthCheck();
        if (h == null) return;
        line(" Healthcheck:");
        line("  Interval = " + GoDuration.format(n(h.interval())));
        line("  Retries = " + n(h.retries()));
        line("  StartPeriod =\t" + GoDuration.format(n(h.startPeriod())));
        line("  Timeout =\t" + GoDuration.format(n(h.timeout())));
        if (h.test() != null && !h.test().isEmpty()) {
            line("  Tests:");
            h.test().forEach(t -> line("\t Test = " + t));
        }
    }

    private static String goList(List<String> values) {
        return "[" + String.join(" ", values) + "]";
    }

    private static String ratio(Double r) {
        if (r == null || r == 0) return "0";
        String s = Double.toString(r);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    private static long n(Long v) {
        return v == null ? 0 : v;
    }
}
