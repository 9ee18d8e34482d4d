package dev.skep.cli.service;

import dev.skep.api.model.Driver;
import dev.skep.api.model.Mount;
import dev.skep.api.units.Units;
import dev.skep.cli.CliException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** {@code --mount} long syntax: {@code type=bind,source=/a,target=/b,readonly}, volume-*, bind-*, tmpfs-*. */
public final class MountSpecs {
    private MountSpecs() {}

    public static Mount parse(String value) {
        String type = "volume";
        String source = null;
        String target = null;
        Boolean readOnly = null;
        String consistency = null;
        String propagation = null;
        Boolean nonRecursive = null;
        Boolean noCopy = null;
        Map<String, String> volumeLabels = new LinkedHashMap<>();
        String volumeDriver = null;
        Map<String, String> volumeOpts = new LinkedHashMap<>();
        String subpath = null;
        Long tmpfsSize = null;
        Integer tmpfsMode = null;
        boolean volumeOptions = false;
        boolean bindOptions = false;
        boolean tmpfsOptions = false;
        for (String field : splitCsv(value)) {
            int eq = field.indexOf('=');
            String key = (eq < 0 ? field : field.substring(0, eq)).toLowerCase(Locale.ROOT);
            String val = eq < 0 ? null : field.substring(eq + 1);
            if (val == null) {
                switch (key) {
                    case "readonly", "ro" -> readOnly = true;
                    case "volume-nocopy" -> {
                        noCopy = true;
                        volumeOptions = true;
                    }
                    case "bind-nonrecursive" -> {
                        nonRecursive = true;
                        bindOptions = true;
                    }
                    default -> throw new CliException("invalid field '" + field + "' must be a key=value pair");
                }
                continue;
            }
            switch (key) {
                case "type" -> type = val.toLowerCase(Locale.ROOT);
                case "source", "src" ->
                    source = val.startsWith(".")
                            ? Path.of(val).toAbsolutePath().normalize().toString()
                            : val;
                case "target", "dst", "destination" -> target = val;
                case "readonly", "ro" -> readOnly = bool(key, val);
                case "consistency" -> consistency = val.toLowerCase(Locale.ROOT);
                case "bind-propagation" -> {
                    propagation = val.toLowerCase(Locale.ROOT);
                    bindOptions = true;
                }
                case "bind-nonrecursive" -> {
                    nonRecursive = bool(key, val);
                    bindOptions = true;
                }
                case "volume-nocopy" -> {
                    noCopy = bool(key, val);
                    volumeOptions = true;
                }
                case "volume-label" -> {
                    putKv(volumeLabels, val);
                    volumeOptions = true;
                }
                case "volume-driver" -> {
                    volumeDriver = val;
                    volumeOptions = true;
                }
                case "volume-opt" -> {
                    putKv(volumeOpts, val);
                    volumeOptions = true;
                }
                case "volume-subpath" -> {
                    subpath = val;
                    volumeOptions = true;
                }
                case "tmpfs-size" -> {
                    try {
                        tmpfsSize = Units.ramInBytes(val);
                    } catch (IllegalArgumentException e) {
                        throw new CliException("invalid value for " + key + ": " + val);
                    }
                    tmpfsOptions = true;
                }
                case "tmpfs-mode" -> {
                    try {
                        tmpfsMode = Integer.parseInt(val, 8);
                    } catch (NumberFormatException e) {
                        throw new CliException("invalid value for " + key + ": " + val);
                    }
                    tmpfsOptions = true;
                }
                default -> throw new CliException("unexpected key '" + key + "' in '" + field + "'");
            }
        }
        if (target == null || target.isEmpty()) throw new CliException("target is required");
        if (volumeOptions && !type.equals("volume")) {
            throw new CliException("cannot mix 'volume-*' options with mount type '" + type + "'");
        }
        if (bindOptions && !type.equals("bind")) {
            throw new CliException("cannot mix 'bind-*' options with mount type '" + type + "'");
        }
        if (tmpfsOptions && !type.equals("tmpfs")) {
            throw new CliException("cannot mix 'tmpfs-*' options with mount type '" + type + "'");
        }
        Mount.BindOptions bind = bindOptions ? new Mount.BindOptions(propagation, nonRecursive, null) : null;
        Mount.VolumeOptions volume = volumeOptions
                ? new Mount.VolumeOptions(
                        noCopy,
                        volumeLabels,
                        new Driver(volumeDriver, volumeOpts.isEmpty() ? null : volumeOpts),
                        subpath)
                : null;
        Mount.TmpfsOptions tmpfs = tmpfsOptions ? new Mount.TmpfsOptions(tmpfsSize, tmpfsMode) : null;
        return new Mount(target, source, type, readOnly, consistency, bind, volume, tmpfs);
    }

    private static boolean bool(String key, String val) {
        return switch (val.toLowerCase(Locale.ROOT)) {
            case "1", "t", "true" -> true;
            case "0", "f", "false" -> false;
            default -> throw new CliException("invalid value for " + key + ": " + val);
        };
    }

    private static void putKv(Map<String, String> map, String kv) {
        int eq = kv.indexOf('=');
        String k = eq < 0 ? kv : kv.substring(0, eq);
        if (!k.isEmpty()) map.put(k, eq < 0 ? "" : kv.substring(eq + 1));
    }

    /** One CSV record: commas separate fields, double quotes protect commas. */
    static java.util.List<String> splitCsv(String value) {
        java.util.List<String> fields = new java.util.ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < value.length() && value.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                fields.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        fields.add(cur.toString());
        return fields;
    }
}
