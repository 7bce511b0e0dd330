package dev.hymir.it;

import dev.hymir.Chain;
import dev.hymir.Group;
import dev.hymir.HymirEngine;
import dev.hymir.Job;
import dev.hymir.Step;
import dev.hymir.Workflow;
import dev.hymir.WorkflowState;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The child JVM of {@link KillRecoveryTest}. {@code start DIR SIDE JOBS PRODUCERS}: runs the test
 * workflow on a journaled engine, prints {@code ID <id>} once run() returned (the submission is
 * journaled), then {@code DONE <status>}. {@code resume DIR SIDE ID}: builds an engine on the journal,
 * which recovers the workflow, and prints {@code DONE <status>} when it finished.
 */
public final class KillChild {
    private KillChild() {
    }

    /**
     * Group(a Retry job, a CheckLater job, JOBS marks, PRODUCERS producers of "vals") -> consumer of "vals".
     */
    static Workflow workflow(int jobs, int producers) {
        List<Step> steps = new ArrayList<>(jobs + producers + 2);
        steps.add(Job.of(KillJobs::retrying)); // first, so their timers are pending early in the run
        steps.add(Job.of(KillJobs::checking));
        for (int i = 0; i < jobs; i++) {
            steps.add(Job.of(KillJobs::mark).set(i));
        }
        for (int i = 0; i < producers; i++) {
            steps.add(Job.of(KillJobs::produce).set(i));
        }
        return Workflow.of(Chain.of(Group.of(steps), Job.of(KillJobs::consume)));
    }

    /** A Group of {@code jobs} marks: a plain fan-out, for counting what runs again after a kill. */
    static Workflow fanOut(int jobs) {
        List<Step> steps = new ArrayList<>(jobs);
        for (int i = 0; i < jobs; i++) {
            steps.add(Job.of(KillJobs::mark).set(i));
        }
        return Workflow.of(Group.of(steps));
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        KillJobs.open(Path.of(args[2]));
        long t0 = System.nanoTime();
        try (HymirEngine engine = HymirEngine.builder().journal(dir).build()) {
            String id;
            if (args[0].equals("start")) {
                id = engine.run(workflow(Integer.parseInt(args[3]), Integer.parseInt(args[4])));
                System.out.println("ID " + id);
                System.out.flush();
            } else if (args[0].equals("fanout")) {
                id = engine.run(fanOut(Integer.parseInt(args[3])));
                System.out.println("ID " + id);
                System.out.flush();
            } else {
                id = args[3];
            }
            long t1 = System.nanoTime();
            WorkflowState state = engine.await(id);
            long t2 = System.nanoTime();
            System.out.printf("DONE %s (build+run %d ms, await %d ms)%n", state.status(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
            System.out.flush();
        }
    }
}
