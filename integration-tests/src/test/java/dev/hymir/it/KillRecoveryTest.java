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
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 at random moments: a child JVM runs a journaled workflow of {@link #JOBS} marker jobs,
 * {@link #PRODUCERS} producers of an output, a Retry job and a CheckLater job (both keep a timer
 * pending for ~2.4 s), then a consumer of the output. The test kills it ({@code destroyForcibly},
 * SIGKILL) after a random delay, then starts a second child on the same journal, which must finish
 * the workflow with SUCCESS. Every job execution appends a line to a side file; the journal is read
 * with {@link JournalReader} right after the kill to learn which jobs had a terminal record by then.
 * Seeds are printed; rerun one trial with {@code -Dhymir.kill.seed=N}.
 */
class KillRecoveryTest {
    static final int JOBS = 100_000;
    static final int PRODUCERS = 100;
    static final int TRIALS = 10;

    @TempDir
    Path tmp;

    @Test
    void killedAtRandomMomentsTheWorkflowResumesAndNothingJournaledRunsAgain() throws Exception {
        long base = Long.getLong("hymir.kill.seed", System.nanoTime());
        int trials = System.getProperty("hymir.kill.seed") != null ? 1 : TRIALS;
        int retryPendingTrials = 0;
        int checkLaterPendingTrials = 0;
        for (int t = 0; t < trials; t++) {
            long seed = base + t;
            System.out.println("kill trial " + t + ": seed " + seed);
            Trial trial = trial(seed, tmp.resolve("trial-" + t));
            retryPendingTrials += trial.retryPending ? 1 : 0;
            checkLaterPendingTrials += trial.checkLaterPending ? 1 : 0;
        }
        System.out.println("trials with a Retry pending at the kill: " + retryPendingTrials
                + ", with a CheckLater pending: " + checkLaterPendingTrials);
        assertThat(retryPendingTrials).isPositive();
        assertThat(checkLaterPendingTrials).isPositive();
    }

    record Trial(boolean retryPending, boolean checkLaterPending) {
    }

    private Trial trial(long seed, Path root) throws Exception {
        Random random = new Random(seed);
        Path journal = root.resolve("journal");
        Path side = root.resolve("side.txt");
        Files.createDirectories(root);
        int retryJob = 1; // job ids (1-based) in KillChild.workflow
        int checkJob = 2;

        // 1. Start, wait until the submission is journaled, kill after a random delay.
        Process first = start("start", journal, side, Integer.toString(JOBS), Integer.toString(PRODUCERS));
        BufferedReader out = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8));
        String id = null;
        StringBuilder firstOutput = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            firstOutput.append(line).append('\n');
            if (line.startsWith("ID ")) {
                id = line.substring(3).trim();
                break;
            }
        }
        assertThat(id).as("child output:\n" + firstOutput).isNotNull();
        // Kill at a random moment while the Retry and CheckLater jobs are between their runs: once
        // both ran a second time (their sequences last >= 2.4 s), after a random 0-1200 ms.
        waitForLines(side, "R 1", "L 1", first);
        long delayMillis = random.nextInt(1200);
        Thread.sleep(delayMillis);
        first.destroyForcibly();
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
        drain(out);

        // 2. What was journaled and executed at the kill.
        List<JournalEntry> before = JournalReader.open(journal).entries();
        List<String> sideBefore = Files.readAllLines(side);
        Set<String> terminalBefore = new HashSet<>();
        Map<String, JournalEntry.Type> lastTypeBefore = new HashMap<>();
        for (JournalEntry e : before) {
            if (e.jobId() != null) {
                lastTypeBefore.put(e.jobId(), e.type());
                if (e.isJobTerminal()) {
                    terminalBefore.add(e.jobId());
                }
            }
        }
        boolean retryPending = lastTypeBefore.get(Integer.toString(retryJob)) == JournalEntry.Type.RETRY;
        boolean checkPending = lastTypeBefore.get(Integer.toString(checkJob)) == JournalEntry.Type.CHECK_LATER;
        System.out.printf("  killed %d ms after the second Retry and CheckLater runs: %d records, %d jobs terminal, %d side lines; Retry pending %s,"
                + " CheckLater pending %s (last records of jobs 1, 2: %s, %s)%n", delayMillis, before.size(), terminalBefore.size(), sideBefore.size(),
                retryPending, checkPending, lastTypeBefore.get("1"), lastTypeBefore.get("2"));

        // 3. Restart on the same journal: it must finish with SUCCESS.
        Process second = start("resume", journal, side, id);
        String secondOutput = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(secondOutput).as(secondOutput).contains("DONE SUCCESS");
        System.out.println("  restarted: " + secondOutput.lines().filter(l -> l.startsWith("DONE")).findFirst().orElse(""));

        // 4. The side file: every job ran; none whose success was journaled before the kill ran again.
        List<String> sideAll = Files.readAllLines(side);
        List<String> sideAfter = sideAll.subList(sideBefore.size(), sideAll.size());
        Set<Integer> marked = new HashSet<>();
        Set<Integer> produced = new HashSet<>();
        for (String line : sideAll) {
            if (line.startsWith("J ")) {
                marked.add(Integer.parseInt(line.substring(2)));
            } else if (line.startsWith("P ")) {
                produced.add(Integer.parseInt(line.substring(2)));
            }
        }
        assertThat(marked).hasSize(JOBS);
        assertThat(produced).hasSize(PRODUCERS);
        List<String> rerun = new ArrayList<>();
        for (String line : sideAfter) {
            String jobId = jobIdOf(line);
            if (jobId != null && terminalBefore.contains(jobId)) {
                rerun.add(line + " (job " + jobId + ")");
            }
        }
        assertThat(rerun).as("jobs that ran again after their terminal record was journaled").isEmpty();

        // 5. Outputs from before the kill reached the consumer, which ran once after all producers.
        long sum = (long) PRODUCERS * (PRODUCERS - 1) / 2;
        assertThat(sideAll.stream().filter(l -> l.startsWith("C "))).containsExactly("C " + PRODUCERS + " " + sum);

        // 6. A Retry / CheckLater pending at the kill fired after the restart.
        List<JournalEntry> after = JournalReader.open(journal).entries();
        List<JournalEntry> newEntries = after.subList(before.size(), after.size());
        // (Jobs run in the engine's JVM are not journaled when they start: their next record is their outcome.)
        if (retryPending) {
            assertThat(newEntries).anyMatch(e -> e.jobId() != null && e.jobId().equals(Integer.toString(retryJob)));
            assertThat(sideAfter).anyMatch(l -> l.startsWith("R "));
        }
        if (checkPending) {
            assertThat(newEntries).anyMatch(e -> e.jobId() != null && e.jobId().equals(Integer.toString(checkJob)));
            assertThat(sideAfter).anyMatch(l -> l.startsWith("L "));
        }
        assertThat(after.get(after.size() - 1).type()).isEqualTo(JournalEntry.Type.FINISHED);
        assertThat(after.get(after.size() - 1).detail()).isEqualTo("SUCCESS");
        return new Trial(retryPending, checkPending);
    }

    /** The 1-based job id a side-file line stands for, or null for the Retry/CheckLater/consumer lines. */
    private static String jobIdOf(String line) {
        if (line.startsWith("J ")) {
            return Integer.toString(Integer.parseInt(line.substring(2)) + 3);
        }
        if (line.startsWith("P ")) {
            return Integer.toString(JOBS + Integer.parseInt(line.substring(2)) + 3);
        }
        return null; // R/L lines: their job is terminal only at its last run; C: runs after everything
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

    /** Polls the side file until it holds both lines (or the child died). */
    private static void waitForLines(Path side, String a, String b, Process child) throws Exception {
        while (child.isAlive()) {
            if (Files.exists(side)) {
                String text = Files.readString(side, StandardCharsets.US_ASCII);
                if (text.contains("\n" + a + "\n") || text.startsWith(a + "\n")) {
                    if (text.contains("\n" + b + "\n") || text.startsWith(b + "\n")) {
                        return;
                    }
                }
            }
            Thread.sleep(10);
        }
    }

    private static void drain(BufferedReader out) {
        CompletableFuture.runAsync(() -> {
            try {
                while (out.readLine() != null) {
                    // discard: the child is dead, this only empties the pipe
                }
            } catch (IOException ignored) {
                // the pipe closed
            }
        });
    }
}
