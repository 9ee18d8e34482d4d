package dev.skep.api.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UnitsTest {
    private static final long KIB = 1024;
    private static final long MIB = KIB * 1024;
    private static final long GIB = MIB * 1024;

    @Test
    void readsMemoryAsGoUnitsRamInBytes() {
        assertThat(Units.ramInBytes("512M")).isEqualTo(512 * MIB);
        assertThat(Units.ramInBytes("1g")).isEqualTo(GIB);
        assertThat(Units.ramInBytes("64kb")).isEqualTo(64 * KIB);
        assertThat(Units.ramInBytes("1.5GiB")).isEqualTo(1536 * MIB);
        assertThat(Units.ramInBytes("1.5 GB")).isEqualTo(1536 * MIB);
        assertThat(Units.ramInBytes("100")).isEqualTo(100);
        assertThat(Units.ramInBytes("100b")).isEqualTo(100);
        assertThat(Units.ramInBytes("2.7")).isEqualTo(2);
        assertThat(Units.ramInBytes("1p")).isEqualTo(1L << 50);
    }

    /** compose's old reader took only digits[.digits] and any of the {@code i}/{@code b} letters after the unit. */
    @Test
    void acceptsAndRefusesWhatGoUnitsDoesWhereTheOldReadersDisagreed() {
        assertThat(Units.ramInBytes("1e3")).isEqualTo(1000);
        assertThat(Units.ramInBytes(".5k")).isEqualTo(512);
        assertThat(Units.ramInBytes("5.M")).isEqualTo(5 * MIB);
        assertThat(Units.ramInBytes("64 ")).isEqualTo(64);
        assertThatThrownBy(() -> Units.ramInBytes("1mi")).hasMessage("invalid suffix: 'mi'");
        assertThatThrownBy(() -> Units.ramInBytes("1i")).hasMessage("invalid suffix: 'i'");
        assertThat(Units.ramInBytes("1mib")).isEqualTo(MIB);
    }

    @Test
    void refusesWithGoUnitsWording() {
        assertThatThrownBy(() -> Units.ramInBytes("12x")).hasMessage("invalid suffix: 'x'");
        assertThatThrownBy(() -> Units.ramInBytes("1KiBs")).hasMessage("invalid suffix: 'KiBs'");
        assertThatThrownBy(() -> Units.ramInBytes("1bb")).hasMessage("invalid suffix: 'bb'");
        assertThatThrownBy(() -> Units.ramInBytes("1mg")).hasMessage("invalid suffix: 'mg'");
        assertThatThrownBy(() -> Units.ramInBytes("abc")).hasMessage("invalid size: 'abc'");
        assertThatThrownBy(() -> Units.ramInBytes("")).hasMessage("invalid size: ''");
        assertThatThrownBy(() -> Units.ramInBytes("-1")).hasMessage("invalid size: '-1'");
        assertThatThrownBy(() -> Units.ramInBytes(" 1M"))
                .hasMessage("strconv.ParseFloat: parsing \" 1\": invalid syntax");
        assertThatThrownBy(() -> Units.ramInBytes("1..5M"))
                .hasMessage("strconv.ParseFloat: parsing \"1..5\": invalid syntax");
        assertThatThrownBy(() -> Units.ramInBytes("1f M"))
                .hasMessage("strconv.ParseFloat: parsing \"1f\": invalid syntax");
        assertThatThrownBy(() -> Units.ramInBytes("1e999"))
                .hasMessage("strconv.ParseFloat: parsing \"1e999\": value out of range");
    }

    @Test
    void readsAndPrintsCpus() {
        assertThat(Units.nanoCpus("0.5")).isEqualTo(500_000_000L);
        assertThat(Units.nanoCpus("2")).isEqualTo(2_000_000_000L);
        assertThatThrownBy(() -> Units.nanoCpus("0.0000000001")).hasMessage("value is too precise");
        assertThat(Units.cpus(500_000_000L)).isEqualTo("0.5");
        assertThat(Units.cpus(2_000_000_000L)).isEqualTo("2");
    }

    @Test
    void printsSizesAsBytesSize() {
        assertThat(Units.bytesSize(512 * MIB)).isEqualTo("512MiB");
        assertThat(Units.bytesSize(1536 * MIB)).isEqualTo("1.5GiB");
        assertThat(Units.bytesSize(100)).isEqualTo("100B");
    }
}
