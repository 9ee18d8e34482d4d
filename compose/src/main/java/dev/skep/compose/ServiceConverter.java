package dev.skep.compose;

import dev.skep.api.model.ContainerSpec;
import dev.skep.api.model.Driver;
import dev.skep.api.model.EndpointSpec;
import dev.skep.api.model.HealthConfig;
import dev.skep.api.model.NetworkAttachmentConfig;
import dev.skep.api.model.ServiceSpec;
import dev.skep.api.model.TaskSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/** One entry of {@code services:} as a {@link ServiceSpec}, the way docker's stack converter builds it. */
final class ServiceConverter {
    private static final Set<String> SUPPORTED = Set.of(
            "image",
            "command",
            "entrypoint",
            "environment",
            "env_file",
            "ports",
            "networks",
            "deploy",
            "healthcheck",
            "volumes",
            "sysctls",
            "cap_add",
            "cap_drop",
            "ulimits",
            "stop_grace_period",
            "stop_signal",
            "hostname",
            "user",
            "working_dir",
            "init",
            "extra_hosts",
            "dns",
            "dns_search",
            "logging",
            "labels",
            "depends_on",
            "restart",
            "tty",
            "stdin_open",
            "read_only",
            "secrets",
            "configs",
            "oom_score_adj",
            "security_opt",
            "privileged",
            "devices");
    /** Keys docker stack deploy ignores with a warning (they mean nothing to a swarm service). */
    private static final Set<String> IGNORED = Set.of(
            "build",
            "cgroup_parent",
            "container_name",
            "domainname",
            "external_links",
            "links",
            "network_mode",
            "shm_size",
            "userns_mode",
            "ipc",
            "pid",
            "mac_address",
            "expose",
            "tmpfs",
            "platform",
            "pull_policy",
            "profiles",
            "isolation",
            "credential_spec");

    private static final Set<String> HEALTH_KEYS =
            Set.of("test", "interval", "timeout", "retries", "start_period", "start_interval", "disable");
    private static final Set<String> LOGGING_KEYS = Set.of("driver", "options");
    private static final Set<String> ATTACH_KEYS = Set.of("aliases", "driver_opts", "ipv4_address", "ipv6_address");

    private final String stack;
    private final NetworkDefinitions networks;
    private final VolumesConverter volumes;
    private final ComposeSource source;
    private final Map<String, String> environment;
    private final Consumer<String> warnings;

    private final SecretDefinitions secrets;
    private final SecretDefinitions configs;

    ServiceConverter(
            String stack,
            NetworkDefinitions networks,
            VolumesConverter volumes,
            ComposeSource source,
            Map<String, String> environment,
            Consumer<String> warnings,
            SecretDefinitions secrets,
            SecretDefinitions configs) {
        this.secrets = secrets;
        this.configs = configs;
        this.stack = stack;
        this.networks = networks;
        this.volumes = volumes;
        this.source = source;
        this.environment = environment;
        this.warnings = warnings;
    }

    /** The spec, plus the network keys it uses (added to {@code usedNetworks}). */
    StackService convert(YamlNode service, Set<String> usedNetworks) {
        String key = service.key();
        Set<String> allowed = new java.util.HashSet<>(SUPPORTED);
        allowed.addAll(IGNORED);
        Map<String, YamlNode> f = service.fields(allowed);
        List<String> ignored =
                f.keySet().stream().filter(IGNORED::contains).sorted().toList();
        if (!ignored.isEmpty()) {
            warnings.accept("Ignoring unsupported options for service " + key + ": " + String.join(", ", ignored));
        }
        refuseHostAccess(f);
        if (!f.containsKey("image")) throw service.error("image is required (Skep does not build images)");
        String image = f.get("image").string();
        DeployConverter deploy = new DeployConverter(f.get("deploy"));

        Map<String, String> serviceLabels = new TreeMap<>(deploy.labels());
        serviceLabels.put(Stack.NAMESPACE_LABEL, stack);
        serviceLabels.put(Stack.IMAGE_LABEL, image);
        Map<String, String> containerLabels =
                new TreeMap<>(f.containsKey("labels") ? f.get("labels").labels() : Map.of());
        containerLabels.put(Stack.NAMESPACE_LABEL, stack);

        ContainerSpec container = new ContainerSpec(
                image,
                containerLabels,
                words(f.get("entrypoint")),
                words(f.get("command")),
                str(f.get("hostname")),
                env(f),
                str(f.get("working_dir")),
                str(f.get("user")),
                null,
                SecurityOpts.privileges(f.get("security_opt"), source.directory()),
                bool(f.get("tty")),
                bool(f.get("stdin_open")),
                bool(f.get("read_only")),
                f.containsKey("volumes") ? volumes.convert(f.get("volumes")) : List.of(),
                str(f.get("stop_signal")),
                f.containsKey("stop_grace_period") ? f.get("stop_grace_period").duration() : null,
                healthcheck(f.get("healthcheck")),
                hosts(f.get("extra_hosts")),
                dns(f),
                SecretReferences.secrets(f.get("secrets"), secrets),
                SecretReferences.configs(f.get("configs"), configs),
                null,
                bool(f.get("init")),
                f.containsKey("sysctls") ? f.get("sysctls").labels() : null,
                capabilities(f.get("cap_add")),
                capabilities(f.get("cap_drop")),
                ulimits(f.get("ulimits")),
                f.containsKey("oom_score_adj") ? f.get("oom_score_adj").integer() : null);
        TaskSpec task = new TaskSpec(
                null,
                container,
                null,
                deploy.resources(),
                deploy.restartPolicy(f.get("restart")),
                deploy.placement(),
                null,
                null,
                attachments(f.get("networks"), usedNetworks, key),
                logging(f.get("logging")));
        EndpointSpec endpoint = new EndpointSpec(
                deploy.endpointMode(), f.containsKey("ports") ? PortsConverter.convert(f.get("ports")) : List.of());
        ServiceSpec spec = new ServiceSpec(
                Stack.scope(stack, key),
                serviceLabels,
                task,
                deploy.mode(),
                deploy.updateConfig(),
                deploy.rollbackConfig(),
                null,
                endpoint);
        return new StackService(key, spec, dependsOn(f.get("depends_on")));
    }

    private List<NetworkAttachmentConfig> attachments(YamlNode node, Set<String> used, String serviceKey) {
        Map<String, YamlNode> wanted = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            wanted.put(NetworkDefinitions.DEFAULT, null);
        } else if (node.isSequence()) {
            for (YamlNode item : node.items()) wanted.put(item.string(), item);
        } else {
            wanted.putAll(node.entries());
        }
        List<NetworkAttachmentConfig> result = new ArrayList<>();
        for (Map.Entry<String, YamlNode> e : wanted.entrySet()) {
            String net = e.getKey();
            YamlNode where = e.getValue() == null ? node : e.getValue();
            if (!networks.defines(net)) throw (where == null ? node : where).error("undefined network \"" + net + "\"");
            used.add(net);
            List<String> aliases = new ArrayList<>();
            Map<String, String> driverOpts = null;
            if (e.getValue() != null && e.getValue().isMapping()) {
                Map<String, YamlNode> a = e.getValue().fields(ATTACH_KEYS);
                if (a.containsKey("aliases")) aliases.addAll(a.get("aliases").stringList());
                if (a.containsKey("driver_opts"))
                    driverOpts = a.get("driver_opts").labels();
                for (String ip : List.of("ipv4_address", "ipv6_address")) {
                    if (a.containsKey(ip)) throw a.get(ip).error("static addresses are not supported for services");
                }
            }
            // the service's own key is an alias on every network, so "redis" resolves to the stack's redis
            aliases.add(serviceKey);
            result.add(new NetworkAttachmentConfig(networks.clusterName(net), aliases, driverOpts));
        }
        result.sort(Comparator.comparing(NetworkAttachmentConfig::target));
        return result;
    }

    private List<String> env(Map<String, YamlNode> f) {
        Map<String, String> values = new TreeMap<>();
        if (f.containsKey("env_file")) {
            YamlNode files = f.get("env_file");
            for (String file : files.stringOrList()) {
                java.nio.file.Path path = source.directory().resolve(file);
                if (!java.nio.file.Files.isRegularFile(path)) throw files.error("env file " + path + " not found");
                values.putAll(DotEnv.read(path, environment));
            }
        }
        if (f.containsKey("environment")) {
            f.get("environment").keyValues().forEach((k, v) -> values.put(k, v != null ? v : environment.get(k)));
        }
        if (values.isEmpty()) return null;
        List<String> env = new ArrayList<>();
        values.forEach((k, v) -> env.add(v == null ? k : k + "=" + v));
        return env;
    }

    /**
     * {@code privileged: true} and host devices are refused rather than ignored (docker stack deploy ignores
     * them): the service would run without what it asked for, and Skep does not run privileged containers.
     */
    private static void refuseHostAccess(Map<String, YamlNode> f) {
        YamlNode privileged = f.get("privileged");
        if (privileged != null && !privileged.isNull() && privileged.bool()) {
            throw privileged.error("privileged containers are not supported by swarm services; "
                    + "grant what the service needs with cap_add or security_opt instead");
        }
        YamlNode devices = f.get("devices");
        if (devices != null && !devices.isNull() && !devices.items().isEmpty()) {
            throw devices.error("host devices are not supported by swarm services");
        }
    }

    private static HealthConfig healthcheck(YamlNode node) {
        if (node == null || node.isNull()) return null;
        Map<String, YamlNode> h = node.fields(HEALTH_KEYS);
        if (h.containsKey("disable") && h.get("disable").bool()) {
            if (h.containsKey("test")) throw h.get("test").error("test and disable can't be set at the same time");
            return new HealthConfig(List.of("NONE"), null, null, null, null, null);
        }
        List<String> test = null;
        if (h.containsKey("test")) {
            YamlNode t = h.get("test");
            test = t.isSequence() ? t.stringList() : List.of("CMD-SHELL", t.string());
        }
        return new HealthConfig(
                test,
                dur(h.get("interval")),
                dur(h.get("timeout")),
                h.containsKey("retries") ? h.get("retries").unsigned() : 0L,
                dur(h.get("start_period")),
                dur(h.get("start_interval")));
    }

    private static long dur(YamlNode node) {
        return node == null ? 0 : node.duration();
    }

    private static List<String> hosts(YamlNode node) {
        if (node == null || node.isNull()) return null;
        List<String> hosts = new ArrayList<>();
        if (node.isMapping()) {
            node.labels().forEach((host, ip) -> hosts.add(ip + " " + host));
            return hosts;
        }
        for (YamlNode item : node.items()) {
            String text = item.string();
            int sep = text.indexOf(':');
            if (sep < 0) throw item.error("invalid extra host \"" + text + "\" (expected host:ip)");
            hosts.add(text.substring(sep + 1) + " " + text.substring(0, sep));
        }
        return hosts;
    }

    private static ContainerSpec.DnsConfig dns(Map<String, YamlNode> f) {
        List<String> servers = f.containsKey("dns") ? f.get("dns").stringOrList() : List.of();
        List<String> search = f.containsKey("dns_search") ? f.get("dns_search").stringOrList() : List.of();
        if (servers.isEmpty() && search.isEmpty()) return null;
        return new ContainerSpec.DnsConfig(servers.isEmpty() ? null : servers, search.isEmpty() ? null : search, null);
    }

    /** docker's capability names: upper case with a {@code CAP_} prefix, {@code ALL} as is. */
    private static List<String> capabilities(YamlNode node) {
        if (node == null || node.isNull()) return null;
        List<String> caps = new ArrayList<>();
        for (String cap : node.stringList()) {
            String upper = cap.toUpperCase(java.util.Locale.ROOT);
            caps.add(upper.equals("ALL") || upper.startsWith("CAP_") ? upper : "CAP_" + upper);
        }
        return caps;
    }

    private static List<ContainerSpec.Ulimit> ulimits(YamlNode node) {
        if (node == null || node.isNull()) return null;
        List<ContainerSpec.Ulimit> limits = new ArrayList<>();
        for (Map.Entry<String, YamlNode> e : new TreeMap<>(node.entries()).entrySet()) {
            YamlNode v = e.getValue();
            if (v.isMapping()) {
                Map<String, YamlNode> sh = v.fields(Set.of("soft", "hard"));
                if (!sh.containsKey("soft") || !sh.containsKey("hard")) throw v.error("soft and hard are required");
                limits.add(new ContainerSpec.Ulimit(
                        e.getKey(), sh.get("soft").integer(), sh.get("hard").integer()));
            } else {
                long n = v.integer();
                limits.add(new ContainerSpec.Ulimit(e.getKey(), n, n));
            }
        }
        return limits;
    }

    private static Driver logging(YamlNode node) {
        if (node == null || node.isNull()) return null;
        Map<String, YamlNode> l = node.fields(LOGGING_KEYS);
        return new Driver(
                l.containsKey("driver") ? l.get("driver").string() : null,
                l.containsKey("options") ? l.get("options").labels() : null);
    }

    private static Map<String, String> dependsOn(YamlNode node) {
        Map<String, String> deps = new TreeMap<>();
        if (node == null || node.isNull()) return deps;
        if (node.isSequence()) {
            for (YamlNode item : node.items()) deps.put(item.string(), StackService.STARTED);
            return deps;
        }
        for (Map.Entry<String, YamlNode> e : node.entries().entrySet()) {
            Map<String, YamlNode> d =
                    e.getValue().isNull() ? Map.of() : e.getValue().fields(Set.of("condition", "restart", "required"));
            deps.put(
                    e.getKey(),
                    d.containsKey("condition")
                            ? d.get("condition")
                                    .oneOf(StackService.STARTED, StackService.HEALTHY, StackService.COMPLETED)
                            : StackService.STARTED);
        }
        return deps;
    }

    /** A command as a list, or a string split as a shell would split words. */
    private static List<String> words(YamlNode node) {
        if (node == null || node.isNull()) return null;
        if (node.isSequence()) return node.stringList();
        try {
            return ShellWords.split(node.string());
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
    }

    private static String str(YamlNode node) {
        return node == null || node.isNull() ? null : node.string();
    }

    private static Boolean bool(YamlNode node) {
        return node == null || node.isNull() ? null : node.bool();
    }
}
