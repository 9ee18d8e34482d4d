package dev.skep.api.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GenericResourcesTest {
    @Test
    void aWholeNumberIsACountAnythingElseOneNamedUnit() {
        assertThat(GenericResources.parse(List.of("gpu=GPU-1", "ssd=4")))
                .containsExactly(GenericResources.named("gpu", "GPU-1"), GenericResources.discrete("ssd", 4));
    }

    @Test
    void malformedItemsSayWhatIsExpected() {
        for (String bad : List.of("gpu", "=1", "gpu=", "ssd=-1")) {
            assertThatThrownBy(() -> GenericResources.parse(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("invalid generic resource " + bad);
        }
    }

    @Test
    void theEnvironmentListsNamedUnitsAndCountsPerKindUpperCased() {
        assertThat(GenericResources.env(List.of(
                        GenericResources.named("gpu", "GPU-1"),
                        GenericResources.named("gpu", "GPU-2"),
                        GenericResources.discrete("ssd", 2))))
                .containsExactly("DOCKER_RESOURCE_GPU=GPU-1,GPU-2", "DOCKER_RESOURCE_SSD=2");
        assertThat(GenericResources.env(null)).isEmpty();
    }

    @Test
    void aPoolClaimsFreeUnitsAndTakesThemOnlyWhenTold() {
        GenericPool pool = new GenericPool(GenericResources.parse(List.of("gpu=B", "gpu=A", "ssd=2")));
        var request = GenericResources.parse(List.of("gpu=2", "ssd=2"));

        var claimed = pool.claim(request);
        assertThat(claimed)
                .containsExactly(
                        GenericResources.named("gpu", "A"),
                        GenericResources.named("gpu", "B"),
                        GenericResources.discrete("ssd", 2));
        assertThat(pool.fits(request)).isTrue(); // a claim alone takes nothing

        pool.take(claimed, 1);
        assertThat(pool.fits(GenericResources.parse(List.of("gpu=1")))).isFalse();
        assertThat(pool.claim(GenericResources.parse(List.of("ssd=1")))).isNull();
        assertThat(pool.fits(GenericResources.parse(List.of("fpga=1")))).isFalse();

        pool.take(claimed, -1);
        assertThat(pool.claim(request)).isEqualTo(claimed);
    }
}
