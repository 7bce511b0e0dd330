package dev.hymir.it.workers;

import dev.hymir.Chain;
import dev.hymir.Group;
import dev.hymir.HymirEngine;
import dev.hymir.HymirWorker;
import dev.hymir.Job;
import dev.hymir.JobRegistry;
import dev.hymir.RedisWorkers;
import dev.hymir.Step;
import dev.hymir.Workflow;
import dev.hymir.WorkflowState;
import sun.misc.Signal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The child JVMs of the worker crash tests.
 * <ul>
 *   <li>{@code worker URL SIDE CONCURRENCY LEASE_MS GRACE_MS}: a {@link HymirWorker} with {@link WorkerJobs}
 *       (marks go to SIDE); prints {@code READY}; on SIGTERM closes the worker (grace GRACE_MS), prints
 *       {@code STOPPED <stats>} and exits 0.</li>
 *   <li>{@code coordinator URL JOURNAL NAME JOBS SLEEP_MS}: a journaled engine dispatching to the workers
 *       runs {@link #fanOut}; prints {@code ID <id>}, then {@code DONE <status> <collected>}.</li>
 *   <li>{@code resume URL JOURNAL NAME ID}: an engine built on the journal resumes the run; prints
 *       {@code DONE <status> <collected>}.</li>
 * </ul>
 */
public final class WorkerChild {
    private WorkerChild() {
    }

    /** {@code jobs} marks (each sleeps {@code sleepMillis}) then one collector of every mark. */
    static Workflow fanOut(int jobs, long sleepMillis) {
        List<Step> marks = new ArrayList<>(jobs);
        for (int i = 0; i < jobs; i++) {
            marks.add(Job.of(WorkerJobs::mark).set(i, sleepMillis));
        }
        return Workflow.of(Chain.of(Group.of(marks), Job.of(WorkerJobs::collect)));
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "worker" -> worker(args);
            case "coordinator", "resume" -> coordinator(args);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void worker(String[] args) throws Exception {
        WorkerJobs.side = Path.of(args[2]);
        CountDownLatch term = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), s -> term.countDown());
        HymirWorker worker = HymirWorker.builder().redis(args[1]).registry(WorkerJobs.registry())
                .concurrency(Integer.parseInt(args[3])).lease(Duration.ofMillis(Long.parseLong(args[4])))
                .shutdownGrace(Duration.ofMillis(Long.parseLong(args[5]))).build();
        worker.start();
        System.out.println("READY " + worker.name());
        System.out.flush();
        term.await();
        worker.close();
        System.out.println("STOPPED " + worker.stats());
        System.out.flush();
        System.exit(0);
    }

    private static void coordinator(String[] args) {
        RedisWorkers dispatcher = RedisWorkers.connect(args[1], RedisWorkers.Options.builder().name(args[3]).build());
        try (HymirEngine engine = HymirEngine.builder().registry(JobRegistry.explicitOnly()).journal(Path.of(args[2]))
                .dispatcher(dispatcher).build()) {
            String id;
            if (args[0].equals("coordinator")) {
                id = engine.run(fanOut(Integer.parseInt(args[4]), Long.parseLong(args[5])));
                System.out.println("ID " + id);
                System.out.flush();
            } else {
                id = args[4];
            }
            WorkflowState state = engine.await(id);
            System.out.println("DONE " + state.status() + " " + engine.outputs(id).get("collected") + " " + dispatcher.stats());
            System.out.flush();
        }
    }
}
