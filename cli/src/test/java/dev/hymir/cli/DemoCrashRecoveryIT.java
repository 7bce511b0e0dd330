package dev.hymir.cli;

import dev.hymir.JournalEntry;
import dev.hymir.JournalReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crash story of the README: {@code hymir demo} killed with SIGKILL part way, then
 * {@code hymir journal recover} finishes its workflow. Both run as processes of the shaded jar, as a
 * user runs them; in failsafe, after 'package' built the jar.
 */
class DemoCrashRecoveryIT {
    private static final int JOBS = 20000;

    @Test
    @Timeout(600) // a safety net: recovery runs ~20,000 jobs of 1 ms one after the other
    void aKilledDemoIsFinishedByRecover(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        Path journal = data.resolve("journal");
        Path demoLog = tmp.resolve("demo.log");

        Process demo = hymir(demoLog, "demo", "--shape", "chain", "--jobs", Integer.toString(JOBS),
                "--work", "sleep:1ms", "--data-dir", data.toString());
        try {
            waitForSucceededRecords(journal, demo, demoLog);
        } finally {
            demo.destroyForcibly(); // SIGKILL: no shutdown hook, no close(), nothing more journaled
        }
        assertThat(demo.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(demo.exitValue()).as("killed, not finished").isNotZero();

        Result before = run(tmp.resolve("stats-before.log"), "journal", "stats", journal.toString());
        assertThat(before.exitCode).as(before.output).isZero();
        assertThat(before.output).contains("workflows:  1 submitted, 0 ended (finished, cancelled or cleared), 1 unfinished");

        Result recover = run(tmp.resolve("recover.log"), "journal", "recover", journal.toString());
        assertThat(recover.exitCode).as(recover.output).isZero();
        assertThat(recover.output).contains("hymir: recovering 1 unfinished workflow(s) from " + journal,
                "  SUCCESS  " + JOBS + "/" + JOBS + " jobs finished");
        assertThat(recover.output).containsPattern("resumed in \\d+\\.\\d\\d s \\(build\\), ran the rest in \\d+\\.\\d\\d s");

        Result after = run(tmp.resolve("stats-after.log"), "journal", "stats", journal.toString());
        assertThat(after.exitCode).as(after.output).isZero();
        assertThat(after.output).contains("finished=1", "submitted=1", "succeeded=" + JOBS,
                "workflows:  1 submitted, 1 ended (finished, cancelled or cleared), 0 unfinished");
    }

    /** Polls the journal (read-only, so it may be read while the demo writes it) until jobs have succeeded. */
    private static void waitForSucceededRecords(Path journal, Process demo, Path demoLog) throws Exception {
        while (true) {
            assertThat(demo.isAlive()).as("the demo ended before it was killed: %s", read(demoLog)).isTrue();
            try {
                if (JournalScan.exists(journal)
                        && JournalReader.open(journal).countsByType().getOrDefault(JournalEntry.Type.SUCCEEDED, 0L) >= 100) {
                    return;
                }
            } catch (dev.hymir.HymirException e) {
                // the demo is creating its first journal file: its header is not written yet; look again
            }
            Thread.sleep(100);
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(Path log, String... args) throws Exception {
        Process p = hymir(log, args);
        try {
            assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("hymir %s ended", List.of(args)).isTrue();
        } finally {
            p.destroyForcibly(); // only if it is still running: a failed wait must not leave it behind
        }
        return new Result(p.exitValue(), read(log));
    }

    /** hymir as the launcher runs it: java -jar on the shaded jar, output (both streams) to {@code log}. */
    private static Process hymir(Path log, String... args) throws IOException {
        Path jar = ReleaseJar.path();
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dchronicle.analytics.disable=true", "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }
}
