package dev.skep.agent.exec.docker;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.BindOptions;
import com.github.dockerjava.api.model.BindPropagation;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.TmpfsOptions;
import com.github.dockerjava.api.model.Ulimit;
import com.github.dockerjava.api.model.VolumeOptions;
import dev.skep.agent.exec.ExecException;
import dev.skep.api.model.ContainerSpec;
import dev.skep.api.model.Driver;
import dev.skep.api.model.HealthConfig;
import dev.skep.api.model.Mount;
import dev.skep.api.model.ResourceRequirements;
import dev.skep.api.model.Resources;
import dev.skep.api.model.Task;
import dev.skep.api.resources.GenericResources;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Maps a task's ContainerSpec onto Docker's container create request the way Docker's Swarm executor does
 * ({@code daemon/cluster/executor/container/container.go}): Command becomes the entrypoint, Args the cmd,
 * Hosts entries ("IP name…") become extra hosts, and so on.
 */
final class ContainerConfig {
    private ContainerConfig() {}

    static void apply(CreateContainerCmd cmd, Task task) throws ExecException {
        ContainerSpec spec = task.spec().containerSpec();
        TaskTemplates templates = TaskTemplates.of(task);
        cmd.withName(SwarmLabels.taskName(task)).withImage(spec.image()).withLabels(SwarmLabels.containerLabels(task));
        // Templates in Command and Args are a Skep extension (Docker expands Env, Hostname and mounts only).
        if (notEmpty(spec.command())) cmd.withEntrypoint(templates.expand(spec.command()));
        if (notEmpty(spec.args())) cmd.withCmd(templates.expand(spec.args()));
        List<String> env = env(task, spec, templates);
        if (!env.isEmpty()) cmd.withEnv(env);
        if (spec.user() != null && !spec.user().isEmpty()) cmd.withUser(spec.user());
        if (spec.dir() != null && !spec.dir().isEmpty()) cmd.withWorkingDir(spec.dir());
        if (spec.hostname() != null && !spec.hostname().isEmpty()) cmd.withHostName(templates.expand(spec.hostname()));
        if (Boolean.TRUE.equals(spec.tty())) cmd.withTty(true);
        if (Boolean.TRUE.equals(spec.openStdin())) cmd.withStdinOpen(true);
        if (spec.stopSignal() != null && !spec.stopSignal().isEmpty()) cmd.withStopSignal(spec.stopSignal());
        if (spec.healthCheck() != null) cmd.withHealthcheck(healthCheck(spec.healthCheck()));
        cmd.withHostConfig(hostConfig(task, spec, templates));
    }

    /** The spec's variables, then what the scheduler assigned of generic resources, as Swarm's executor sets them. */
    private static List<String> env(Task task, ContainerSpec spec, TaskTemplates templates) {
        List<String> env = new ArrayList<>();
        if (notEmpty(spec.env())) env.addAll(templates.expandEnv(spec.env()));
        env.addAll(GenericResources.env(task.assignedGenericResources()));
        return env;
    }

    private static HostConfig hostConfig(Task task, ContainerSpec spec, TaskTemplates templates) throws ExecException {
        HostConfig hc = HostConfig.newHostConfig();
        if (notEmpty(spec.mounts())) hc.withMounts(mounts(spec.mounts(), templates));
        if (Boolean.TRUE.equals(spec.readOnly())) hc.withReadonlyRootfs(true);
        limits(hc, task.spec().resources());
        if (spec.sysctls() != null && !spec.sysctls().isEmpty()) hc.withSysctls(spec.sysctls());
        if (notEmpty(spec.capabilityAdd())) hc.withCapAdd(capabilities(spec.capabilityAdd()));
        if (notEmpty(spec.capabilityDrop())) hc.withCapDrop(capabilities(spec.capabilityDrop()));
        if (notEmpty(spec.ulimits())) hc.withUlimits(ulimits(spec.ulimits()));
        if (spec.init() != null) hc.withInit(spec.init());
        if (notEmpty(spec.hosts())) hc.withExtraHosts(extraHosts(spec.hosts()));
        if (spec.dnsConfig() != null) dns(hc, spec.dnsConfig());
        if (notEmpty(spec.groups())) hc.withGroupAdd(spec.groups());
        if (spec.oomScoreAdj() != null) hc.withOomScoreAdj(spec.oomScoreAdj().intValue());
        List<String> securityOpt = SecurityOptions.of(spec.privileges());
        if (!securityOpt.isEmpty()) hc.withSecurityOpts(securityOpt);
        Driver logDriver = task.spec().logDriver();
        if (logDriver != null && logDriver.name() != null && !logDriver.name().isEmpty()) {
            hc.withLogConfig(logConfig(logDriver));
        }
        return hc;
    }

    private static void limits(HostConfig hc, ResourceRequirements resources) {
        Resources limits = resources == null ? null : resources.limits();
        if (limits == null) return;
        if (limits.nanoCPUs() != null && limits.nanoCPUs() > 0) hc.withNanoCPUs(limits.nanoCPUs());
        if (limits.memoryBytes() != null && limits.memoryBytes() > 0) hc.withMemory(limits.memoryBytes());
        if (limits.pids() != null && limits.pids() > 0) hc.withPidsLimit(limits.pids());
    }

    private static List<com.github.dockerjava.api.model.Mount> mounts(List<Mount> mounts, TaskTemplates templates)
            throws ExecException {
        List<com.github.dockerjava.api.model.Mount> out = new ArrayList<>();
        for (Mount m : mounts) out.add(mount(m, templates));
        return out;
    }

    private static com.github.dockerjava.api.model.Mount mount(Mount m, TaskTemplates templates) throws ExecException {
        String type = m.type() == null ? "volume" : m.type().toLowerCase(Locale.ROOT);
        var out = new com.github.dockerjava.api.model.Mount().withTarget(templates.expand(m.target()));
        if (m.source() != null && !m.source().isEmpty()) out.withSource(templates.expand(m.source()));
        if (Boolean.TRUE.equals(m.readOnly())) out.withReadOnly(true);
        switch (type) {
            case "bind" -> {
                out.withType(MountType.BIND);
                if (m.bindOptions() != null && m.bindOptions().propagation() != null) {
                    out.withBindOptions(new BindOptions()
                            .withPropagation(propagation(m.bindOptions().propagation())));
                }
            }
            case "volume" -> {
                out.withType(MountType.VOLUME);
                if (m.volumeOptions() != null) out.withVolumeOptions(volumeOptions(m.volumeOptions()));
            }
            case "tmpfs" -> {
                out.withType(MountType.TMPFS);
                if (m.tmpfsOptions() != null) {
                    out.withTmpfsOptions(new TmpfsOptions()
                            .withSizeBytes(m.tmpfsOptions().sizeBytes())
                            .withMode(m.tmpfsOptions().mode()));
                }
            }
            default -> throw ExecException.fatal("invalid mount type: " + m.type());
        }
        return out;
    }

    private static VolumeOptions volumeOptions(Mount.VolumeOptions o) {
        VolumeOptions out = new VolumeOptions();
        if (o.noCopy() != null) out.withNoCopy(o.noCopy());
        if (o.labels() != null) out.withLabels(o.labels());
        if (o.driverConfig() != null) {
            out.withDriverConfig(new com.github.dockerjava.api.model.Driver()
                    .withName(o.driverConfig().name())
                    .withOptions(o.driverConfig().options()));
        }
        return out;
    }

    /** "rprivate" → R_PRIVATE, "shared" → SHARED. */
    private static BindPropagation propagation(String p) throws ExecException {
        String s = p.toLowerCase(Locale.ROOT);
        String name = s.startsWith("r") ? "R_" + s.substring(1) : s;
        try {
            return BindPropagation.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ExecException.fatal("invalid bind propagation: " + p);
        }
    }

    private static Capability[] capabilities(List<String> caps) throws ExecException {
        Capability[] out = new Capability[caps.size()];
        for (int i = 0; i < caps.size(); i++) {
            try {
                out[i] = Capability.fromValue(caps.get(i).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ExecException.fatal("unknown capability: " + caps.get(i));
            }
        }
        return out;
    }

    private static List<Ulimit> ulimits(List<ContainerSpec.Ulimit> ulimits) {
        List<Ulimit> out = new ArrayList<>();
        for (ContainerSpec.Ulimit u : ulimits) {
            out.add(new Ulimit(u.name(), u.soft() == null ? 0L : u.soft(), u.hard() == null ? 0L : u.hard()));
        }
        return out;
    }

    /** Swarm's Hosts use the hosts-file form "IP name [alias…]"; the engine wants "name:IP" per name. */
    static String[] extraHosts(List<String> hosts) {
        List<String> out = new ArrayList<>();
        for (String line : hosts) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length < 2) continue;
            for (int i = 1; i < parts.length; i++) out.add(parts[i] + ":" + parts[0]);
        }
        return out.toArray(String[]::new);
    }

    private static void dns(HostConfig hc, ContainerSpec.DnsConfig dns) {
        if (notEmpty(dns.nameservers())) hc.withDns(dns.nameservers());
        if (notEmpty(dns.search())) hc.withDnsSearch(dns.search());
        if (notEmpty(dns.options())) hc.withDnsOptions(dns.options());
    }

    private static LogConfig logConfig(Driver driver) throws ExecException {
        LogConfig.LoggingType type;
        try {
            type = LogConfig.LoggingType.fromValue(driver.name());
        } catch (IllegalArgumentException e) {
            type = null;
        }
        if (type == null) throw ExecException.fatal("unsupported log driver: " + driver.name());
        return new LogConfig(type, driver.options());
    }

    private static HealthCheck healthCheck(HealthConfig h) {
        HealthCheck out = new HealthCheck();
        if (h.test() != null) out.withTest(h.test());
        if (h.interval() != null) out.withInterval(h.interval());
        if (h.timeout() != null) out.withTimeout(h.timeout());
        if (h.retries() != null) out.withRetries(h.retries().intValue());
        if (h.startPeriod() != null) out.withStartPeriod(h.startPeriod());
        if (h.startInterval() != null) out.withStartInterval(h.startInterval());
        return out;
    }

    private static boolean notEmpty(List<?> list) {
        return list != null && !list.isEmpty();
    }
}
