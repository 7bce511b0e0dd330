package dev.hymir;

import dev.hymir.internal.journal.JournalPreconditions;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link HymirEngine#requiredJvmFlags()}: the list per JDK, and the build gives the tests exactly that. */
class JvmFlagsTest {

    @Test
    void theListDependsOnTheJdk() {
        List<String> modules = List.of("--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED");
        assertThat(JournalPreconditions.requiredFlags(21)).isEqualTo(modules);
        assertThat(JournalPreconditions.requiredFlags(23)).isEqualTo(modules);
        assertThat(JournalPreconditions.requiredFlags(24)).startsWith(modules.toArray(String[]::new))
                .endsWith("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow").hasSize(5);
        assertThat(HymirEngine.requiredJvmFlags()).isEqualTo(JournalPreconditions.requiredFlags(Runtime.version().feature()));
    }

    @Test
    void theBuildStartsTestJvmsWithExactlyTheRequiredFlags() {
        List<String> given = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-") || a.startsWith("--enable-native-access") || a.startsWith("--sun-misc"))
                .toList();
        assertThat(given).as("the parent pom's hymir.test.jvm.flags (and its jdk24-plus profile)")
                .containsExactlyInAnyOrderElementsOf(HymirEngine.requiredJvmFlags());
    }
}
