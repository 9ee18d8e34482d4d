package dev.skep.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.api.model.NetworkAttachmentConfig;
import dev.skep.api.model.ServiceMode;
import dev.skep.api.model.ServiceSpec;
import dev.skep.compose.ComposeFile;
import dev.skep.compose.Stack;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecComparisonTest {
    private static final String FILE = """
            services:
              web:
                image: nginx
                environment: [A=1]
                networks: [front]
            networks:
              front: {}
            """;

    private ServiceSpec converted(String text) {
        Stack stack = ComposeFile.parse("s.yml", text, Path.of("."), "demo", Map.of());
        return stack.service("web").orElseThrow().spec().withMode(ServiceMode.ofReplicated(1));
    }

    /** What the server stores: network names replaced by IDs. */
    private static ServiceSpec stored(ServiceSpec spec, String networkId) {
        List<NetworkAttachmentConfig> nets = new ArrayList<>();
        for (NetworkAttachmentConfig n : spec.taskTemplate().networks()) {
            nets.add(new NetworkAttachmentConfig(networkId, n.aliases(), n.driverOpts()));
        }
        var t = spec.taskTemplate();
        return spec.withTaskTemplate(new dev.skep.api.model.TaskSpec(
                null,
                t.containerSpec(),
                null,
                t.resources(),
                t.restartPolicy(),
                t.placement(),
                t.forceUpdate(),
                t.runtime(),
                nets,
                t.logDriver()));
    }

    @Test
    void theSameFileAgainstTheStoredSpecIsUnchanged() {
        ServiceSpec spec = converted(FILE);
        assertThat(SpecComparison.same(spec, stored(spec, "n1"), Map.of("demo_front", "n1")))
                .isTrue();
    }

    @Test
    void anEnvironmentChangeIsAChange() {
        ServiceSpec before = converted(FILE);
        ServiceSpec after = converted(FILE.replace("A=1", "A=2"));
        assertThat(SpecComparison.same(after, stored(before, "n1"), Map.of("demo_front", "n1")))
                .isFalse();
    }

    @Test
    void aDifferentNetworkIsAChange() {
        ServiceSpec spec = converted(FILE);
        assertThat(SpecComparison.same(spec, stored(spec, "n2"), Map.of("demo_front", "n1")))
                .isFalse();
    }
}
