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

    private static Process child(boolean chronicleFlags, Path journal) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (chronicleFlags) {
            for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                if (arg.startsWith("--add-") || arg.startsWith("--enable-native-access") || arg.startsWith("--sun-misc")) {
                    cmd.add(arg);
                }
            }
        }
        cmd.add("-Dchronicle.analytics.disable=true");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(JournalChild.class.getName());
        cmd.add(journal.toString());
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    @Test
    void withoutChronicleFlagsBuildFailsNamingTheFlagsToAdd() throws Exception {
        Process p = child(false, dir.resolve("journal"));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isEqualTo(3);
        assertThat(out).contains("ERROR the journal (Chronicle Queue) needs JVM flags")
                .contains("--add-opens=java.base/java.lang=ALL-UNNAMED")
                .contains("--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED")
                .contains("--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED");
    }

    @Test
    void aDirectoryHeldByAnEngineInAnotherProcessIsRefusedUntilItCloses() throws Exception {
        Path journal = dir.resolve("journal");
        Process holder = child(true, journal);
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
