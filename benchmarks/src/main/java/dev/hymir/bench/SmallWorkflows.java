package dev.hymir.bench;

import dev.hymir.Chain;
import dev.hymir.Group;
import dev.hymir.HymirEngine;
import dev.hymir.Job;
import dev.hymir.JobRegistry;
import dev.hymir.JournalDurability;
import dev.hymir.Workflow;
import dev.hymir.WorkflowState;
import dev.hymir.bench.Harness.Row;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Many small workflows (issue 14): {@code workflows} workflows of {@code Chain(job, Group(8 jobs), job)}
 * (10 no-op jobs, 16 edges) submitted by {@value #CLIENTS} client threads, each client waiting for its
 * workflow to finish before it submits the next (a closed loop, like request threads of a service).
 * Per contender one warmup run, then {@code runs} measured runs; the time of a run is from releasing
 * the clients to the last one finishing its last workflow. What each contender does per workflow:
 * <ul>
 *   <li>{@code completable-future}: builds the graph as a Java developer would ({@code runAsync},
 *       8 × {@code thenRunAsync}, {@code allOf(...).thenRunAsync}) on one virtual-thread-per-task
 *       executor shared by every client, and joins the last future;</li>
 *   <li>{@code floor}: the {@link Floor}'s scheduler over the 10-job shape (a fan-out of 8), one
 *       virtual thread per job;</li>
 *   <li>{@code hymir}: one {@link HymirEngine} shared by every client: {@code engine.run(workflow)}
 *       then {@code engine.await(id)}; one Workflow definition, built once, for every submission;</li>
 *   <li>{@code hymir-journal}: the same with a journal (PROCESS_CRASH) in a fresh temporary directory.</li>
 * </ul>
 * The engine (or executor) is made before the clock starts and closed after it stops; finished
 * workflows are not cleared, so the engine holds all of them until it closes. Every job counts in one
 * {@link ExecutionCounter} (workflow {@code w}'s jobs are slots {@code 10w .. 10w+9}) and a run fails
 * unless each ran exactly once. Hymir's jobs count per workflow id; after {@code await} the client
 * moves its workflow's counts to its slots, and jobs of a workflow no client submitted fail the run.
 */
final class SmallWorkflows {
    static final int GROUP = 8;
    static final int JOBS = GROUP + 2;
    static final int CLIENTS = 64;
    static final int WORKFLOWS = 20_000;
    static final int WORKFLOWS_QUICK = 256;
    static final int CAP_SECONDS = 120;
    static final List<String> CONTENDERS = List.of("completable-future", "floor", "hymir", "hymir-journal");

    private static final Shape SHAPE = Shape.fanOut(GROUP); // Chain(job, Group(8), job): 0 -> 1..8 -> 9
    private static final String JOB = "bench.small";
    private static final Workflow WORKFLOW;

    static {
        Job job = Job.named(JOB);
        WORKFLOW = Workflow.of(Chain.of(job, Group.of(Collections.nCopies(GROUP, job)), job));
        if (WORKFLOW.size() != JOBS || SHAPE.jobCount() != JOBS) {
            throw new IllegalStateException("the small workflow has " + WORKFLOW.size() + " jobs, expected " + JOBS);
        }
    }

    private SmallWorkflows() {
    }

    /** One contender's way of running the small workflows: {@link #start} once per run, before the clock. */
    private interface Way {
        String name();

        Session start(ExecutionCounter counter) throws Exception;
    }

    /** A run in progress: clients call {@link #workflow} concurrently. */
    private interface Session {
        /** Runs workflow {@code w} (its jobs count in slots {@code [10w, 10w + 10)}) and returns once it finished. */
        void workflow(int w) throws Exception;

        /** After the clock stopped: stops what {@link Way#start} started; the journal's size, or null. */
        JournalSize finish() throws Exception;

        /** The run exceeded its cap: stop what can be stopped. */
        void abandon();
    }

    /** Each selected contender of {@link #CONTENDERS} over {@code workflows} workflows; rows with ratios. */
    static List<Row> measureAll(int workflows, int runs, Options options) throws Exception {
        Harness.log("small: %,d workflows of Chain(job, Group(%d jobs), job) from %d client threads, each awaited",
                workflows, GROUP, CLIENTS);
        Row.Workload workload = new Row.Workload("small", "small-" + workflows + "x" + JOBS, workflows * JOBS,
                workflows * SHAPE.edgeCount(), workflows, CLIENTS);
        List<Row> rows = new ArrayList<>();
        for (Way way : List.of(completableFuture(), floor(), hymir(false), hymir(true))) {
            if (options.runsContender(way.name())) {
                rows.add(measure(workload, way, runs));
            }
        }
        return Harness.withRatios(rows);
    }

    private static Row measure(Row.Workload workload, Way way, int runs) throws Exception {
        long[] nanos = new long[runs];
        double[] journalBytes = new double[runs];
        double[] journalDirBytes = new double[runs];
        boolean journaled = false;
        long executed = 0;
        ProcessMemory.resetPeak();
        for (int r = -1; r < runs; r++) { // r == -1: warmup, not kept
            ExecutionCounter counter = new ExecutionCounter(workload.jobs());
            Session session = way.start(counter);
            long time;
            try {
                time = clients(session, workload.workflows());
            } catch (Exception e) {
                session.abandon();
                throw new IllegalStateException(way.name() + " failed on " + workload.shape(), e);
            }
            if (time < 0) {
                session.abandon();
                Harness.log("  %-20s skipped: a run exceeded the %d s cap", way.name(), CAP_SECONDS);
                return Row.skipped(workload, way.name(), "skipped: cap (" + CAP_SECONDS + " s per run)");
            }
            JournalSize journal = session.finish();
            counter.verifyExactlyOnce(way.name() + " on " + workload.shape());
            if (r < 0) {
                continue;
            }
            nanos[r] = time;
            executed = counter.executed();
            if (journal != null) {
                journaled = true;
                journalBytes[r] = journal.recordBytes() / (double) workload.jobs();
                journalDirBytes[r] = journal.dirBytes() / (double) workload.jobs();
            }
        }
        Arrays.sort(journalBytes);
        Arrays.sort(journalDirBytes);
        Row row = Row.measured(workload, way.name(), "ok", nanos, executed, Double.NaN,
                journaled ? journalBytes[runs / 2] : Double.NaN, journaled ? journalDirBytes[runs / 2] : Double.NaN,
                Double.NaN).withRss(ProcessMemory.read());
        Harness.log("  %-20s median %,10.0f workflows/s %,12.0f jobs/s  min %,10.0f workflows/s%s", way.name(),
                row.workflowsPerSecond(row.medianNanos()), row.jobsPerSecond(row.medianNanos()),
                row.workflowsPerSecond(row.maxNanos()),
                journaled ? String.format(Locale.ROOT, "  journal %.1f B/job", row.journalBytesPerJob()) : "");
        return row;
    }

    /**
     * {@value #CLIENTS} platform threads take workflow numbers {@code 0 .. workflows-1} in turn and run
     * each to its end; returns the nanoseconds from releasing them to the last one done, or -1 if that
     * took over {@value #CAP_SECONDS} s. Rethrows the first client's failure.
     */
    private static long clients(Session session, int workflows) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch go = new CountDownLatch(1);
        Thread[] threads = new Thread[CLIENTS];
        for (int i = 0; i < CLIENTS; i++) {
            threads[i] = Thread.ofPlatform().daemon().name("bench-small-client-" + i).start(() -> {
                try {
                    go.await();
                    for (int w = next.getAndIncrement(); w < workflows && failure.get() == null; w = next.getAndIncrement()) {
                        session.workflow(w);
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            });
        }
        long t0 = System.nanoTime();
        go.countDown();
        long deadline = t0 + CAP_SECONDS * 1_000_000_000L;
        for (Thread t : threads) {
            t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
        long nanos = System.nanoTime() - t0;
        for (Thread t : threads) {
            if (t.isAlive()) {
                failure.compareAndSet(null, new IllegalStateException("cap")); // the others stop after their workflow
                for (Thread u : threads) {
                    u.interrupt();
                }
                return -1;
            }
        }
        if (failure.get() instanceof Exception e) {
            throw e;
        }
        if (failure.get() != null) {
            throw new IllegalStateException(failure.get());
        }
        return nanos;
    }

    private static Way completableFuture() {
        return new Way() {
            @Override
            public String name() {
                return "completable-future";
            }

            @Override
            public Session start(ExecutionCounter counter) {
                ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
                return new Session() {
                    @Override
                    public void workflow(int w) throws Exception {
                        ExecutionCounter jobs = counter.window(w * JOBS, JOBS);
                        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> jobs.ran(0), executor);
                        CompletableFuture<?>[] group = new CompletableFuture<?>[GROUP];
                        for (int i = 0; i < GROUP; i++) {
                            int job = 1 + i;
                            group[i] = first.thenRunAsync(() -> jobs.ran(job), executor);
                        }
                        CompletableFuture.allOf(group).thenRunAsync(() -> jobs.ran(JOBS - 1), executor).get();
                    }

                    @Override
                    public JournalSize finish() {
                        executor.close();
                        return null;
                    }

                    @Override
                    public void abandon() {
                        executor.shutdownNow();
                    }
                };
            }
        };
    }

    private static Way floor() {
        return new Way() {
            @Override
            public String name() {
                return "floor";
            }

            @Override
            public Session start(ExecutionCounter counter) {
                Floor floor = new Floor();
                return new Session() {
                    @Override
                    public void workflow(int w) throws Exception {
                        floor.prepare(SHAPE, counter.window(w * JOBS, JOBS)).execute();
                    }

                    @Override
                    public JournalSize finish() {
                        return null;
                    }

                    @Override
                    public void abandon() {
                    }
                };
            }
        };
    }

    private static Way hymir(boolean journal) {
        return new Way() {
            @Override
            public String name() {
                return journal ? "hymir-journal" : "hymir";
            }

            @Override
            public Session start(ExecutionCounter counter) throws Exception {
                Map<String, AtomicIntegerArray> ran = new ConcurrentHashMap<>();
                JobRegistry registry = JobRegistry.explicitOnly().register(JOB, call -> {
                    ran.computeIfAbsent(call.workflowId(), id -> new AtomicIntegerArray(JOBS))
                            .incrementAndGet(Integer.parseInt(call.jobId()) - 1);
                    return null;
                });
                Path dir = journal ? Files.createTempDirectory("hymir-bench-small") : null;
                HymirEngine.Builder builder = HymirEngine.builder().registry(registry);
                if (journal) {
                    builder.journal(dir).journalDurability(JournalDurability.PROCESS_CRASH);
                }
                HymirEngine engine = builder.build();
                return new Session() {
                    @Override
                    public void workflow(int w) {
                        String id = engine.run(WORKFLOW);
                        WorkflowState state = engine.await(id);
                        if (state.status() != WorkflowState.Status.SUCCESS) {
                            throw new IllegalStateException(name() + ": workflow " + id + " ended " + state.status());
                        }
                        AtomicIntegerArray counts = ran.remove(id);
                        ExecutionCounter jobs = counter.window(w * JOBS, JOBS);
                        for (int j = 0; counts != null && j < JOBS; j++) {
                            for (int k = 0; k < counts.get(j); k++) {
                                jobs.ran(j);
                            }
                        }
                    }

                    @Override
                    public JournalSize finish() {
                        engine.close();
                        if (!ran.isEmpty()) {
                            throw new IllegalStateException(name() + ": jobs ran in " + ran.size()
                                    + " workflows no client submitted, e.g. " + ran.keySet().iterator().next());
                        }
                        if (dir == null) {
                            return null;
                        }
                        JournalSize size = JournalSize.of(dir);
                        HymirContenders.deleteTree(dir);
                        return size;
                    }

                    @Override
                    public void abandon() {
                        engine.close();
                        if (dir != null) {
                            HymirContenders.deleteTree(dir);
                        }
                    }
                };
            }
        };
    }

    /** The section's table: workflows/s and jobs/s per contender, with the ratios and the journal's size. */
    static String table(List<Row> rows) {
        if (rows.isEmpty()) {
            return "";
        }
        Row first = rows.get(0);
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "many small workflows: %,d x Chain(job, Group(%d jobs), job) = %,d jobs, %d clients, each awaiting its"
                        + " workflow%n", first.workflows(), GROUP, first.jobs(), first.clients()));
        String header = String.format(Locale.ROOT, "%-20s %13s %13s %14s %14s %8s %8s %8s %14s  %s%n", "contender",
                "median wf/s", "min wf/s", "median jobs/s", "min jobs/s", "vs hymir", "vs c-f", "vs floor",
                "journal B/job", "status");
        sb.append(header).append("-".repeat(header.length() - 1)).append('\n');
        for (Row r : rows) {
            if (!r.ok()) {
                sb.append(String.format(Locale.ROOT, "%-20s %13s %13s %14s %14s %8s %8s %8s %14s  %s%n", r.contender(),
                        "-", "-", "-", "-", "-", "-", "-", "-", r.status()));
                continue;
            }
            sb.append(String.format(Locale.ROOT, "%-20s %,13.0f %,13.0f %,14.0f %,14.0f %8s %8s %8s %14s  %s%n",
                    r.contender(), r.workflowsPerSecond(r.medianNanos()), r.workflowsPerSecond(r.maxNanos()),
                    r.jobsPerSecond(r.medianNanos()), r.jobsPerSecond(r.maxNanos()),
                    Tables.num(r.ratioToHymir(), "%.3f"), Tables.num(r.ratioToCompletableFuture(), "%.3f"),
                    Tables.num(r.ratioToFloor(), "%.3f"), Tables.num(r.journalBytesPerJob(), "%.1f"), r.status()));
        }
        return sb.toString();
    }
}
