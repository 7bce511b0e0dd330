package dev.hymir.it;

import dev.hymir.JournalEntry;
import dev.hymir.JournalReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Little runs again after a crash: a child JVM runs a journaled 10^5-job fan-out of marker jobs (each
 * appends "J i" to a side file as it runs) and is killed with SIGKILL when a quarter, a half and three
 * quarters of the jobs have run. A job that ran before the kill and runs again after the restart is a
 * re-run; they must be about the jobs in flight at the kill, not every job that finished in the last
 * moments: at most max(2,000, 5% of the jobs whose success was journaled at the kill).
 */
class RerunBoundTest {
    static final int JOBS = 100_000;

    @TempDir
    Path tmp;

    @Test
    void aKilledFanOutRerunsOnlyAboutTheJobsInFlight() throws Exception {
        for (double fraction : new double[] {0.25, 0.5, 0.75}) {
            trial(fraction, tmp.resolve("at-" + (int) (fraction * 100)));
        }
    }

    private void trial(double fraction, Path root) throws Exception {
        Path journal = root.resolve("journal");
        Path side = root.resolve("side.txt");
        Files.createDirectories(root);
        Process first = start("fanout", journal, side, Integer.toString(JOBS));
        BufferedReader out = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8));
        String id = null;
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("ID ")) {
                id = line.substring(3).trim();
                break;
            }
        }
        assertThat(id).as("the child printed its workflow id").isNotNull();
        long killAtBytes = (long) (fraction * JOBS * 7); // "J 12345\n" is 6-8 bytes
        while (first.isAlive() && (!Files.exists(side) || Files.size(side) < killAtBytes)) {
            Thread.onSpinWait();
        }
        first.destroyForcibly();
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();

        Set<String> terminalAtKill = new HashSet<>();
        for (JournalEntry e : JournalReader.open(journal).entries()) {
            if (e.jobId() != null && e.isJobTerminal()) {
                terminalAtKill.add(e.jobId());
            }
        }
        List<String> sideAtKill = Files.readAllLines(side);

        Process second = start("resume", journal, side, id);
        String secondOutput = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(secondOutput).as(secondOutput).contains("DONE SUCCESS");

        List<String> sideAll = Files.readAllLines(side);
        Set<String> ranBefore = new HashSet<>(sideAtKill);
        Map<String, Integer> runs = new HashMap<>();
        for (String line : sideAll) {
            runs.merge(line, 1, Integer::sum);
        }
        assertThat(runs).as("every job ran").hasSize(JOBS);
        int reruns = 0;
        for (String line : sideAll.subList(sideAtKill.size(), sideAll.size())) {
            if (ranBefore.contains(line)) {
                reruns++;
            }
        }
        int bound = Math.max(2_000, terminalAtKill.size() / 20);
        System.out.printf("killed at %d of %d jobs run (%.0f%%): %d successes journaled, %d jobs ran again (bound %d)%n",
                sideAtKill.size(), JOBS, fraction * 100, terminalAtKill.size(), reruns, bound);
        assertThat(reruns).as("jobs that ran again after the kill").isLessThanOrEqualTo(bound);
        assertThat(terminalAtKill.size()).as("most of what ran was journaled").isGreaterThan(sideAtKill.size() - bound);
    }

    private static Process start(String mode, Path journal, Path side, String... more) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-") || arg.startsWith("--enable-native-access") || arg.startsWith("--sun-misc")) {
                cmd.add(arg); // the Chronicle flags the build gives this JVM
            }
        }
        cmd.add("-Dchronicle.analytics.disable=true");
        cmd.add("-Xmx1g");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(KillChild.class.getName());
        cmd.add(mode);
        cmd.add(journal.toString());
        cmd.add(side.toString());
        cmd.addAll(List.of(more));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }
}
