package dev.hymir.examples;

import dev.hymir.Chain;
import dev.hymir.HymirEngine;
import dev.hymir.Job;
import dev.hymir.JobFunction;
import dev.hymir.Step;
import dev.hymir.Workflow;
import dev.hymir.WorkflowState;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Crash recovery with the journal. A child JVM runs a chain of steps on a journaled engine and is
 * killed (SIGKILL) halfway; this process then builds an engine on the same journal directory, which
 * resumes the workflow where the child stopped: steps whose success was journaled do not run again.
 * A JVM that opens a journal needs {@link HymirEngine#requiredJvmFlags()}; {@code examples/run} passes
 * them, and this class passes them on to the child.
 *
 * <pre>examples/run journal-recovery [STEPS]</pre>
 */
public final class JournalRecovery {
    private JournalRecovery() {
    }

    /** One step: takes a while, says when it is done. Idempotent, as journaled jobs should be. */
    @JobFunction
    public static void step(int n) throws InterruptedException {
        Thread.sleep(50);
        System.out.println("step " + n + " done in pid " + ProcessHandle.current().pid());
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("child")) {
            runUntilKilled(Path.of(args[1]));
            return;
        }
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        Path journal = Files.createTempDirectory("hymir-example-journal");

        // 1. A child process starts the workflow; it is killed once half of the steps are done.
        Process child = startChild(journal, steps);
        String id = null;
        int doneInChild = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                System.out.println("  child | " + line);
                if (line.startsWith("workflow ")) {
                    id = line.substring("workflow ".length());
                } else if (line.startsWith("step ") && ++doneInChild == steps / 2) {
                    child.destroyForcibly(); // SIGKILL: no shutdown hook, no close(), nothing flushed on the way out
                    break;
                }
            }
        }
        child.waitFor();
        if (id == null) {
            throw new IllegalStateException("the child printed no workflow id (exit " + child.exitValue() + ")");
        }
        System.out.println("killed the child after " + doneInChild + " of " + steps + " steps");

        // 2. A new engine on the same journal: build() replays it and resumes the unfinished workflow.
        try (HymirEngine engine = HymirEngine.builder().journal(journal).build()) {
            System.out.println("resuming workflow " + id + ": " + engine.progress(id).finished() + " of "
                    + steps + " steps were journaled as done and will not run again (a step that was"
                    + " running when the kill came runs again: delivery is at least once)");
            WorkflowState state = engine.await(id);
            System.out.println("workflow " + id + ": " + state.status());
        }
        System.out.println("journal kept in " + journal);
    }

    /** The child: a journaled engine that runs the chain and prints the workflow id first. */
    private static void runUntilKilled(Path journal) throws InterruptedException {
        int steps = Integer.getInteger("steps", 40);
        List<Step> chain = new ArrayList<>();
        for (int n = 1; n <= steps; n++) {
            chain.add(Job.of(JournalRecovery::step).set(n));
        }
        try (HymirEngine engine = HymirEngine.builder().journal(journal).build()) {
            String id = engine.run(Workflow.of(Chain.of(chain))); // returns once the submission is journaled
            System.out.println("workflow " + id);
            engine.await(id);
        }
    }

    private static Process startChild(Path journal, int steps) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(HymirEngine.requiredJvmFlags());
        command.add("-Dchronicle.analytics.disable=true");
        command.add("-Dsteps=" + steps);
        String logging = System.getProperty("java.util.logging.config.file");
        if (logging != null) {
            command.add("-Djava.util.logging.config.file=" + logging);
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(JournalRecovery.class.getName());
        command.add("child");
        command.add(journal.toString());
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }
}
