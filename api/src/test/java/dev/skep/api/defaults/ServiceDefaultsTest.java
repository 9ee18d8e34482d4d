package dev.skep.api.defaults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.api.json.Json;
import dev.skep.api.model.ContainerSpec;
import dev.skep.api.model.RestartPolicy;
import dev.skep.api.model.ServiceMode;
import dev.skep.api.model.ServiceSpec;
import dev.skep.api.model.TaskSpec;
import dev.skep.api.model.UpdateConfig;
import org.junit.jupiter.api.Test;

class ServiceDefaultsTest {
    private static ServiceSpec spec(String json) {
        return Json.read(json, ServiceSpec.class);
    }

    @Test
    void interpolateFillsWhatSwarmShows() {
        ServiceSpec s = ServiceDefaults.interpolate(spec("{\"Name\":\"web\",\"TaskTemplate\":{\"ContainerSpec\":"
                + "{\"Image\":\"busybox\"},\"RestartPolicy\":{\"Condition\":\"none\"}}}"));
        assertThat(s.taskTemplate().containerSpec().stopGracePeriod()).isEqualTo(10_000_000_000L);
        assertThat(s.taskTemplate().restartPolicy().condition()).isEqualTo("none");
        assertThat(s.taskTemplate().restartPolicy().delay()).isEqualTo(5_000_000_000L);
        assertThat(s.updateConfig()).isEqualTo(ServiceDefaults.UPDATE_CONFIG);
        assertThat(s.rollbackConfig().order()).isEqualTo("stop-first");
    }

    @Test
    void effectiveValuesForTheLoops() {
        assertThat(ServiceDefaults.restartPolicy(null)).isEqualTo(new RestartPolicy("any", 5_000_000_000L, 0L, 0L));
        ServiceSpec partial = spec("{\"UpdateConfig\":{\"Order\":\"start-first\"}}");
        UpdateConfig u = ServiceDefaults.updateConfig(partial);
        assertThat(u.order()).isEqualTo("start-first");
        assertThat(u.failureAction()).isEqualTo("pause");
        assertThat(u.monitor()).isEqualTo(5_000_000_000L);
        assertThat(u.parallelism())
                .as("a present UpdateConfig without Parallelism is all at once")
                .isZero();
        assertThat(ServiceDefaults.updateConfig(spec("{}")).parallelism()).isEqualTo(1);
        assertThat(ServiceDefaults.endpointMode(spec("{}"))).isEqualTo("vip");
        assertThat(ServiceDefaults.stopGracePeriod(
                        new TaskSpec(null, null, null, null, null, null, null, null, null, null).containerSpec()))
                .isEqualTo(10_000_000_000L);
        assertThat(ServiceMode.ofReplicated(1).name()).isEqualTo("replicated");
        assertThat(ContainerSpec.class).isNotNull();
    }
}
