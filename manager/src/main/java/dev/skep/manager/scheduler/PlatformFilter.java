package dev.skep.manager.scheduler;

import dev.skep.api.model.Placement.Platform;
import dev.skep.api.model.Task;
import java.util.List;
import java.util.Objects;

/** The node's OS and architecture are among the platforms the task's image supports. */
final class PlatformFilter implements Filter {
    private List<Platform> platforms;

    @Override
    public boolean setTask(Task task) {
        var placement = task.spec() == null ? null : task.spec().placement();
        if (placement == null
                || placement.platforms() == null
                || placement.platforms().isEmpty()) return false;
        platforms = placement.platforms();
        return true;
    }

    @Override
    public boolean check(NodeInfo node) {
        var description = node.node().description();
        Platform nodePlatform = description == null ? null : description.platform();
        if (nodePlatform == null) return false;
        for (Platform p : platforms) {
            if (compatible(p, nodePlatform)) return true;
        }
        return false;
    }

    /** Empty fields in the image's platform match anything; x86_64/aarch64 are amd64/arm64. */
    private static boolean compatible(Platform image, Platform node) {
        String arch = normalize(image.architecture());
        boolean archOk = arch == null || arch.isEmpty() || arch.equals(normalize(node.architecture()));
        boolean osOk = image.os() == null || image.os().isEmpty() || Objects.equals(image.os(), node.os());
        return archOk && osOk;
    }

    private static String normalize(String arch) {
        if ("x86_64".equals(arch)) return "amd64";
        if ("aarch64".equals(arch)) return "arm64";
        return arch;
    }

    @Override
    public String explain(int nodes) {
        return "unsupported platform on " + Filter.nodes(nodes);
    }
}
