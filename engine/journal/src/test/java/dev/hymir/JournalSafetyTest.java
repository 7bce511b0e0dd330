package dev.hymir;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What build() refuses, checked across processes: missing JVM flags, a directory another process holds. */
class JournalSafetyTest {
    @TempDir
    Path dir;

    /** This JVM's Chronicle flags (what the build gives the tests). */
    private static List<String> inheritedFlags() {
        List<String> flags = new ArrayList<>();
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-") || arg.startsWith("--enable-native-access") || arg.startsWith("--sun-misc")) {
                flags.add(arg);
            }
        }
        return flags;
    }

    private static Process child(List<String> flags, Path journal) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(flags);
        cmd.add("-Dchronicle.analytics.disable=true");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(JournalChild.class.getName());
        cmd.add(journal.toString());
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    @Test
    void withoutChronicleFlagsBuildFailsNamingTheFlagsToAdd() throws Exception {
        Process p = child(List.of(), dir.resolve("journal"));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isEqualTo(3);
        assertThat(out).contains("ERROR the journal (Chronicle Queue) needs JVM flags")
                .contains("--add-opens=java.base/java.lang.reflect=ALL-UNNAMED")
                .contains("--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED")
                .contains("--add-exports=java.base/sun.nio.ch=ALL-UNNAMED")
                .contains("HymirEngine.requiredJvmFlags()")
                .doesNotContain("javac");
        for (String flag : HymirEngine.requiredJvmFlags()) {
            assertThat(out).as("the message lists every required flag").contains(flag);
        }
    }

    @Test
    void exactlyTheRequiredFlagsAreEnoughAndTheJvmWarnsAboutNothing() throws Exception {
        Path journal = dir.resolve("journal");
        Process p = child(HymirEngine.requiredJvmFlags(), journal);
        p.getOutputStream().close(); // the child runs its workflow, then closes its engine and exits
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        // The JVM's own warnings (native access, Unsafe) start with "WARNING:"; SLF4J's note that this
        // class path has no provider is not one (the CLI's IT checks Chronicle's logged warnings).
        assertThat(out.lines().filter(l -> l.startsWith("WARNING"))).as(out).isEmpty();
        assertThat(out).as(out).doesNotContain("Exception");
        String id = out.lines().filter(l -> l.startsWith("BUILT ")).findFirst().orElseThrow()
                .substring("BUILT ".length());
        try (HymirEngine engine = HymirEngine.builder().journal(journal).build()) {
            assertThat(engine.workflowState(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
        }
    }

    @Test
    void aDirectoryHeldByAnEngineInAnotherProcessIsRefusedUntilItCloses() throws Exception {
        Path journal = dir.resolve("journal");
        Process holder = child(inheritedFlags(), journal);
        BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String id = null;
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("BUILT ")) {
                id = line.substring("BUILT ".length());
                break;
            }
            seen.append(line).append('\n');
        }
        assertThat(id).as(seen.toString()).isNotBlank();
        assertThat(holder.isAlive()).as(seen.toString()).isTrue();
        try {
            assertThatThrownBy(() -> HymirEngine.builder().journal(journal).build())
                    .isInstanceOf(HymirException.class)
                    .hasMessageContaining("in use by an engine in another process");
        } finally {
            holder.getOutputStream().close(); // the child closes its engine and exits
            assertThat(holder.waitFor()).isZero();
        }
        try (HymirEngine engine = HymirEngine.builder().journal(journal).build()) {
            // The lock was handed over, and the journal the other process wrote is this engine's now.
            assertThat(engine.workflowIds()).containsExactly(id);
            assertThat(engine.workflowState(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
            assertThat(engine.jobState(id, "1").status()).isEqualTo(JobState.Status.SUCCESS);
        }
    }
}
