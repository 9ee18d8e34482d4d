package dev.skep.cli.job.submit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skep.api.json.Json;
import dev.skep.api.model.Service;
import dev.skep.api.model.ServiceSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CondorJobSpecTest {
    private static final SubmitDescription JOB = SubmitFileParser.parse("""
            universe = docker
            docker_image = skep-busybox:latest
            executable = /bin/sh
            arguments = "-c 'echo out-$(Process) of $(Cluster)'"
            environment = "PROC=$(ProcId) MODE=batch"
            request_cpus = 1.5
            request_memory = 256
            output = out/$(Process).txt
            error = err.$(Cluster).$(Process)
            log = job.log
            +Project = "physics"
            queue 4
            """, "job.sub");

    @Test
    void aSubmitDescriptionBecomesAReplicatedJob() {
        ServiceSpec spec = CondorJobSpec.serviceSpec(JOB, 7, null, Path.of("/home/alice/jobs"));
        JsonNode json = Json.read(Json.write(spec), JsonNode.class);
        assertThat(spec.name()).isEqualTo("condor-7");
        assertThat(json.at("/Mode/ReplicatedJob/TotalCompletions").asLong()).isEqualTo(4);
        assertThat(json.at("/Mode/ReplicatedJob/MaxConcurrent").asLong()).isEqualTo(4);
        var container = spec.taskTemplate().containerSpec();
        assertThat(container.image()).isEqualTo("skep-busybox:latest");
        assertThat(container.command()).containsExactly("/bin/sh", "-c", "echo out-{{.Task.Slot}} of 7");
        assertThat(container.args()).isNull();
        assertThat(container.env()).containsExactly("PROC={{.Task.Slot}}", "MODE=batch");
        assertThat(json.at("/TaskTemplate/Resources/Reservations/NanoCPUs").asLong())
                .isEqualTo(1_500_000_000L);
        assertThat(json.at("/TaskTemplate/Resources/Reservations/MemoryBytes").asLong())
                .isEqualTo(256L << 20);
        assertThat(json.at("/TaskTemplate/Resources/Limits/MemoryBytes").asLong())
                .isEqualTo(256L << 20);
        assertThat(json.at("/TaskTemplate/Resources/Limits/NanoCPUs").isMissingNode())
                .isTrue();
        assertThat(json.at("/TaskTemplate/RestartPolicy/Condition").asText()).isEqualTo("none");
        assertThat(spec.labels())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "skep.condor.cluster", "7",
                        "skep.condor.submit", "job.sub",
                        "skep.condor.output", "/home/alice/jobs/out/$(Process).txt",
                        "skep.condor.error", "/home/alice/jobs/err.7.$(Process)",
                        "skep.condor.log", "/home/alice/jobs/job.log",
                        "condor.Project", "physics"));
    }

    @Test
    void maxConcurrentCapsHowManyRunAtOnceAndNoRequestsMeanNoResources() {
        SubmitDescription plain =
                SubmitFileParser.parse("universe=docker\ndocker_image=i\nexecutable=/x\nqueue 10", "p.sub");
        ServiceSpec spec = CondorJobSpec.serviceSpec(plain, 1, 3L, Path.of("/tmp"));
        assertThat(spec.mode().replicatedJob().maxConcurrent()).isEqualTo(3);
        assertThat(spec.mode().replicatedJob().totalCompletions()).isEqualTo(10);
        assertThat(spec.taskTemplate().resources()).isNull();
        assertThat(spec.taskTemplate().containerSpec().env()).isNull();
        assertThat(spec.labels()).doesNotContainKeys("skep.condor.output", "skep.condor.log");
    }

    @Test
    void theNextClusterIsOneMoreThanTheLargestInUse() {
        List<Service> services = List.of(
                service("condor-3", Map.of("skep.condor.cluster", "3")),
                service("condor-12", Map.of()),
                service("web", Map.of()),
                service("condor-x", Map.of("skep.condor.cluster", "nope")));
        assertThat(ClusterIds.next(services)).isEqualTo(13);
        assertThat(ClusterIds.next(List.of())).isEqualTo(1);
    }

    private static Service service(String name, Map<String, String> labels) {
        ServiceSpec spec = new ServiceSpec(name, labels, null, null, null, null, null, null);
        return new Service("id-" + name, null, null, null, spec, null, null, null, null, null);
    }
}
