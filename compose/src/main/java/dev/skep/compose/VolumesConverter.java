package dev.skep.compose;

import dev.skep.api.model.Driver;
import dev.skep.api.model.Mount;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A service's {@code volumes:} as mounts: a named volume of the file becomes the volume
 * {@code <stack>_<name>} (labelled with the stack), a path a bind mount (relative paths from the compose
 * file's directory), a bare target an anonymous volume; the long syntax adds tmpfs and options.
 */
final class VolumesConverter {
    private static final Set<String> TOP_KEYS = Set.of("driver", "driver_opts", "external", "labels", "name");
    private static final Set<String> LONG_KEYS =
            Set.of("type", "source", "target", "read_only", "consistency", "bind", "volume", "tmpfs");

    private final String stack;
    private final Path directory;
    private final Map<String, YamlNode> declared = new TreeMap<>();

    VolumesConverter(String stack, Path directory, YamlNode section) {
        this.stack = stack;
        this.directory = directory;
        if (section != null && !section.isNull()) {
            declared.putAll(section.entries());
            declared.values().forEach(v -> {
                if (!v.isNull()) v.fields(TOP_KEYS);
            });
        }
    }

    List<Mount> convert(YamlNode volumes) {
        List<Mount> mounts = new ArrayList<>();
        for (YamlNode item : volumes.items()) {
            mounts.add(item.isMapping() ? longSyntax(item) : shortSyntax(item));
        }
        return mounts;
    }

    private Mount shortSyntax(YamlNode item) {
        String spec = item.string();
        String[] parts = spec.split(":", -1);
        if (parts.length > 3 || spec.isEmpty()) throw item.error("invalid volume specification \"" + spec + "\"");
        if (parts.length == 1) return new Mount(parts[0], null, "volume", null, null, null, null, null);
        boolean readOnly = false;
        if (parts.length == 3) {
            for (String option : parts[2].split(",")) {
                switch (option) {
                    case "ro" -> readOnly = true;
                    case "rw", "z", "Z", "nocopy", "cached", "delegated", "consistent" -> {}
                    default -> throw item.error("invalid mode \"" + option + "\" in volume \"" + spec + "\"");
                }
            }
        }
        String source = parts[0];
        String type = isPath(source) ? "bind" : "volume";
        return mount(item, type, source, parts[1], readOnly ? Boolean.TRUE : null, null, null, null);
    }

    private Mount longSyntax(YamlNode item) {
        Map<String, YamlNode> f = item.fields(LONG_KEYS);
        if (!f.containsKey("type")) throw item.error("type is required");
        if (!f.containsKey("target")) throw item.error("target is required");
        String type = f.get("type").oneOf("volume", "bind", "tmpfs");
        String source = f.containsKey("source") ? f.get("source").string() : "";
        Boolean readOnly = f.containsKey("read_only") ? f.get("read_only").bool() : null;
        Mount.BindOptions bind = null;
        Mount.TmpfsOptions tmpfs = null;
        Boolean noCopy = null;
        if (f.containsKey("bind")) {
            if (!type.equals("bind")) throw f.get("bind").error("bind options are incompatible with type " + type);
            YamlNode p = f.get("bind").fields(Set.of("propagation")).get("propagation");
            bind = new Mount.BindOptions(p == null ? null : p.string(), null, null);
        }
        if (f.containsKey("tmpfs")) {
            if (!type.equals("tmpfs")) throw f.get("tmpfs").error("tmpfs options are incompatible with type " + type);
            YamlNode size = f.get("tmpfs").fields(Set.of("size")).get("size");
            tmpfs = new Mount.TmpfsOptions(size == null ? null : Sizes.bytes(size), null);
        }
        if (f.containsKey("volume")) {
            if (!type.equals("volume"))
                throw f.get("volume").error("volume options are incompatible with type " + type);
            YamlNode nc = f.get("volume").fields(Set.of("nocopy")).get("nocopy");
            noCopy = nc == null ? null : nc.bool();
        }
        if (type.equals("tmpfs") && !source.isEmpty())
            throw f.get("source").error("invalid tmpfs source, source must be empty");
        if (type.equals("bind") && source.isEmpty()) throw item.error("invalid bind source, source cannot be empty");
        String consistency = f.containsKey("consistency") ? f.get("consistency").string() : null;
        Mount m = mount(item, type, source, f.get("target").string(), readOnly, bind, tmpfs, noCopy);
        return new Mount(
                m.target(),
                m.source(),
                m.type(),
                m.readOnly(),
                consistency,
                m.bindOptions(),
                m.volumeOptions(),
                m.tmpfsOptions());
    }

    private Mount mount(
            YamlNode item,
            String type,
            String source,
            String target,
            Boolean readOnly,
            Mount.BindOptions bind,
            Mount.TmpfsOptions tmpfs,
            Boolean noCopy) {
        if (type.equals("bind")) {
            return new Mount(target, bindSource(source), type, readOnly, null, bind, null, null);
        }
        if (type.equals("tmpfs")) return new Mount(target, null, type, readOnly, null, null, null, tmpfs);
        if (source.isEmpty()) {
            return new Mount(
                    target,
                    null,
                    type,
                    readOnly,
                    null,
                    null,
                    noCopy == null ? null : new Mount.VolumeOptions(noCopy, null, null, null),
                    null);
        }
        YamlNode declaredVolume = declared.get(source);
        if (declaredVolume == null && !declared.containsKey(source))
            throw item.error("undefined volume \"" + source + "\"");
        Map<String, YamlNode> d =
                declaredVolume == null || declaredVolume.isNull() ? Map.of() : declaredVolume.fields(TOP_KEYS);
        String name = d.containsKey("name") ? d.get("name").string() : Stack.scope(stack, source);
        YamlNode external = d.get("external");
        if (external != null && (external.isMapping() || external.bool())) {
            if (external.isMapping()) {
                YamlNode n = external.fields(Set.of("name")).get("name");
                if (n != null) name = n.string();
            } else if (!d.containsKey("name")) {
                name = source;
            }
            return new Mount(
                    target, name, type, readOnly, null, null, new Mount.VolumeOptions(noCopy, null, null, null), null);
        }
        Map<String, String> labels =
                new TreeMap<>(d.containsKey("labels") ? d.get("labels").labels() : Map.of());
        labels.put(Stack.NAMESPACE_LABEL, stack);
        Driver driver = d.containsKey("driver") || d.containsKey("driver_opts")
                ? new Driver(
                        d.containsKey("driver") ? d.get("driver").string() : null,
                        d.containsKey("driver_opts") ? d.get("driver_opts").labels() : null)
                : null;
        return new Mount(
                target, name, type, readOnly, null, null, new Mount.VolumeOptions(noCopy, labels, driver, null), null);
    }

    private String bindSource(String source) {
        if (source.startsWith("~")) source = System.getProperty("user.home") + source.substring(1);
        Path p = Path.of(source);
        return p.isAbsolute() ? source : directory.resolve(p).normalize().toString();
    }

    private static boolean isPath(String source) {
        return source.startsWith("/") || source.startsWith(".") || source.startsWith("~");
    }
}
