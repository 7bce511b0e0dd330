package dev.hymir.bench;

import dev.hymir.testing.LocalRedisServer;
import picocli.CommandLine;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The whole-workload harness: every shape is run by every contender in the same JVM, one after the
 * other, so each figure can be read as a ratio to the floor measured minutes apart on the same box.
 * Per shape and contender: one warmup run, then {@code --runs} measured runs (default 5; 3 with
 * {@code --quick}) by the {@link Measurement} loop, which checks that each job ran exactly once. Then
 * the sections ({@code --sections}): many small workflows ({@link SmallWorkflows}), replay
 * ({@link ReplayBench}) and ready → start latency ({@link LatencyBench}); and, when named or with
 * --quick, 10^7 jobs ({@link Scale}) and 10^6 jobs that sleep ({@link WaitingJobs}). The tables are printed ({@link Tables}) and written as CSV and JSON
 * ({@link ResultFiles}).
 *
 * <pre>
 * benchmarks/run                       # full sizes (about 5-10 minutes on 2 cores)
 * benchmarks/run --quick               # tiny sizes, seconds; what CI runs
 * benchmarks/run --shapes fanout,chain --contenders floor,completable-future --runs 5
 * benchmarks/run --scale 0.1           # full shapes at a tenth of their size
 * </pre>
 *
 * Options: {@link Options}; names of shapes, contenders and sections: {@link Catalog}.
 */
public final class Harness {
    private Harness() {
    }

    /**
     * One measured (workload, contender) pair of a section: {@code "shapes"} (the table: one workflow of
     * {@code jobs} jobs), {@code "small"} ({@code workflows} workflows of {@code jobs / workflows} jobs
     * from {@code clients} threads). Times in nanoseconds, one per measured run; empty when skipped.
     * Ratios are this row's median jobs/s over that contender's on the same workload (NaN for its own
     * row, or if it did not run). The journal figures are NaN except for a journaling contender:
     * {@code journalBytesPerJob} is what the journal holds (records plus document headers) per job,
     * {@code journalDirBytesPerJob} the apparent size of its directory per job (see
     * {@link JournalSize}); {@code redisBytesPerJob} (hymir-redis only) is Redis' {@code used_memory}
     * after the run minus before, per job (see {@link HymirRedisContender}); all medians over runs. NaN
     * heap: not measured (the small-workflows section). {@code peakRssBytes}: the process's peak RSS
     * during this contender's runs (its warmup included); {@code rssBytes}: its RSS after them; -1 if
     * not known ({@link ProcessMemory}).
     */
    public record Row(String section, String shape, int jobs, int edges, int workflows, int clients, String contender,
                      String status, long[] runNanos, long executed, double heapBytesPerJob, double ratioToFloor,
                      double ratioToHymir, double ratioToCompletableFuture, double journalBytesPerJob,
                      double journalDirBytesPerJob, double redisBytesPerJob, long peakRssBytes, long rssBytes) {

        /** A workload as the tables name it. */
        record Workload(String section, String shape, int jobs, int edges, int workflows, int clients) {
            /** One workflow of {@code shape}, submitted once. */
            static Workload of(String section, Shape shape) {
                return new Workload(section, shape.name(), shape.jobCount(), shape.edgeCount(), 1, 1);
            }
        }

        static Row skipped(Workload w, String contender, String status) {
            return measured(w, contender, status, new long[0], 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }

        /** A row without ratios (see {@link Harness#withRatios}). */
        static Row measured(Workload w, String contender, String status, long[] runNanos, long executed, double heap,
                            double journalBytes, double journalDirBytes, double redisBytes) {
            return new Row(w.section(), w.shape(), w.jobs(), w.edges(), w.workflows(), w.clients(), contender, status,
                    runNanos, executed, heap, Double.NaN, Double.NaN, Double.NaN, journalBytes, journalDirBytes,
                    redisBytes, -1, -1);
        }

        Row withRatios(double toFloor, double toHymir, double toCompletableFuture) {
            return new Row(section, shape, jobs, edges, workflows, clients, contender, status, runNanos, executed,
                    heapBytesPerJob, toFloor, toHymir, toCompletableFuture, journalBytesPerJob, journalDirBytesPerJob,
                    redisBytesPerJob, peakRssBytes, rssBytes);
        }

        Row withRss(ProcessMemory.Rss rss) {
            return new Row(section, shape, jobs, edges, workflows, clients, contender, status, runNanos, executed,
                    heapBytesPerJob, ratioToFloor, ratioToHymir, ratioToCompletableFuture, journalBytesPerJob,
                    journalDirBytesPerJob, redisBytesPerJob, rss.peakBytes(), rss.bytes());
        }

        boolean journaled() {
            return !Double.isNaN(journalBytesPerJob);
        }

        boolean stored() {
            return !Double.isNaN(redisBytesPerJob);
        }

        public boolean ok() {
            return status.equals("ok");
        }

        long medianNanos() {
            long[] sorted = runNanos.clone();
            Arrays.sort(sorted);
            int n = sorted.length;
            if (n == 0) {
                return 0;
            }
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }

        long minNanos() {
            return Arrays.stream(runNanos).min().orElse(0);
        }

        long maxNanos() {
            return Arrays.stream(runNanos).max().orElse(0);
        }

        double jobsPerSecond(long nanos) {
            return nanos == 0 ? 0 : jobs * 1e9 / nanos;
        }

        double workflowsPerSecond(long nanos) {
            return nanos == 0 ? 0 : workflows * 1e9 / nanos;
        }
    }

    /**
     * What a harness run produced: the table's rows, the small-workflows and scale rows (empty if not
     * run), and the replay, latency and waiting sections (null if not run).
     */
    public record Report(List<Row> rows, List<Row> small, ReplayBench.Result replay, List<LatencyBench.Result> latency,
                         List<Row> scale, List<WaitingJobs.Result> waiting) {
        /** Every row, in the order the CSV and the JSON list them: the table's, then the sections'. */
        public List<Row> allRows() {
            List<Row> all = new ArrayList<>(rows);
            all.addAll(small);
            all.addAll(scale);
            return all;
        }
    }

    /** Every contender, floor first (the ratios divide by it); hymir-redis without a Redis to use. */
    public static List<Contender> contenders() {
        return Catalog.contenders(null, "no --redis URL");
    }

    /** Exits with 2 on a command-line error (unknown option or name), after a one-line message. */
    public static void main(String[] args) throws Exception {
        int code = launch(System.err, args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** What {@link #main} does, returning the exit code instead of exiting: 2 if the command line is wrong. */
    static int launch(PrintStream err, String... args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (CommandLine.ParameterException | IllegalArgumentException e) {
            err.println("Harness: " + e.getMessage().lines().findFirst().orElse("") + " (try --help)");
            return 2;
        }
        if (options.help()) {
            Options.usage(System.out);
            return 0;
        }
        run(options);
        return 0;
    }

    /** Replay over 10^7 records at full size (5·10^6 jobs' started + succeeded); 10^5 with --quick. */
    static final int REPLAY_JOBS = 5_000_000;
    static final int REPLAY_JOBS_QUICK = 50_000;
    /** Ready -> start latency over 10^4 jobs; 200 with --quick. */
    static final int LATENCY_JOBS = 10_000;
    static final int LATENCY_JOBS_QUICK = 200;

    /**
     * Runs the harness, prints the table (and the journal, replay and latency figures), writes CSV
     * and JSON; returns what it measured (for the test).
     */
    public static Report run(String... args) throws Exception {
        return run(Options.parse(args));
    }

    static Report run(Options options) throws Exception {
        LocalRedisServer server = null;
        Thread stopServer = null;
        List<Contender> contenders = new ArrayList<>();
        try {
            String redisUrl = options.redis();
            String noRedis = null;
            // Only the table runs hymir-redis.
            if (options.runsTable() && (options.runsContender(HymirRedisContender.NAME)
                    || options.runsContender(HymirRedisContender.COMPACT_NAME)) && redisUrl == null) {
                if (LocalRedisServer.isInstalled()) {
                    server = LocalRedisServer.start();
                    // Stopped in the finally below; the hook covers a JVM that exits without reaching it.
                    LocalRedisServer s = server;
                    stopServer = new Thread(s::close, "stop-bench-redis");
                    Runtime.getRuntime().addShutdownHook(stopServer);
                    redisUrl = server.url();
                    log("hymir-redis: started %s", server);
                } else {
                    noRedis = "no redis-server";
                    log("hymir-redis: no redis-server installed and no --redis URL: its rows are skipped");
                }
            }
            for (Contender c : Catalog.contenders(redisUrl, noRedis)) {
                if (options.runsContender(c.name())) {
                    contenders.add(c);
                }
            }
            return run(options, contenders);
        } finally {
            for (Contender c : contenders) {
                if (c instanceof AutoCloseable closeable) {
                    closeable.close();
                }
            }
            if (server != null) {
                server.close();
                try {
                    Runtime.getRuntime().removeShutdownHook(stopServer);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or about to: nothing to remove
                }
            }
        }
    }

    private static Report run(Options options, List<Contender> contenders) throws Exception {
        long started = System.nanoTime();
        List<Row> rows = table(options, contenders);
        // After the table's contenders, so these do not perturb it; replay needs no threads, latency few.
        List<Row> small = List.of();
        if (options.runsSection("small")) {
            int workflows = options.quick() ? SmallWorkflows.WORKFLOWS_QUICK
                    : Math.max(1, (int) Math.round(SmallWorkflows.WORKFLOWS * options.scale()));
            small = SmallWorkflows.measureAll(workflows, options.runs(), options);
        }
        ReplayBench.Result replay = null;
        if (options.runsSection("replay")) {
            int jobs = options.quick() ? REPLAY_JOBS_QUICK : Math.max(1, (int) Math.round(REPLAY_JOBS * options.scale()));
            log("replay: writing a journal of %,d records", 2L * jobs + 2);
            replay = ReplayBench.measure(jobs, 3);
        }
        List<LatencyBench.Result> latency = null;
        if (options.runsSection("latency")) {
            int jobs = options.quick() ? LATENCY_JOBS_QUICK : Math.max(20, (int) Math.round(LATENCY_JOBS * options.scale()));
            log("latency: ready -> start over %,d jobs", jobs);
            latency = LatencyBench.measureAll(jobs, options.runs());
        }
        // Last: they take minutes at full size, and leave the heap and the RSS large.
        List<Row> scale = List.of();
        if (options.runsSection("scale")) {
            scale = Scale.measureAll(options.scaleJobs(), options, contenders);
        }
        List<WaitingJobs.Result> waiting = null;
        if (options.runsSection("waiting")) {
            waiting = options.quick()
                    ? WaitingJobs.measureAll(options.waitingJobCount(), WaitingJobs.SLEEP_MILLIS_QUICK,
                            WaitingJobs.LIMIT_QUICK, new Measurement(1, true))
                    : WaitingJobs.measureAll(options.waitingJobCount(), WaitingJobs.SLEEP_MILLIS, WaitingJobs.LIMIT,
                            new Measurement(1, false));
        }
        log("total %d s", (System.nanoTime() - started) / 1_000_000_000);
        Report report = new Report(rows, small, replay, latency, scale, waiting);
        print(Tables.table(rows));
        print(SmallWorkflows.table(small));
        print(Tables.journalTable(report.allRows()));
        print(Tables.redisTable(rows));
        if (replay != null) {
            print(replay.describe());
        }
        if (latency != null) {
            print(LatencyBench.table(latency));
        }
        print(Scale.table(scale, rows));
        print(WaitingJobs.table(waiting));
        ResultFiles.write(options, report);
        return report;
    }

    /** Every selected contender on every selected shape, one shape at a time; ratios filled once a shape is done. */
    private static List<Row> table(Options options, List<Contender> contenders) throws Exception {
        Measurement measurement = new Measurement(options.runs(), options.quick());
        List<Row> rows = new ArrayList<>();
        for (Catalog.ShapeSpec spec : Catalog.shapes()) {
            if (!options.runsShape(spec.key())) {
                continue;
            }
            long t0 = System.nanoTime();
            Shape shape = spec.build(options);
            log("%s: %,d jobs, %,d edges, %,d join nodes (built in %d ms)", shape.name(), shape.jobCount(),
                    shape.edgeCount(), shape.nodeCount() - shape.jobCount(), (System.nanoTime() - t0) / 1_000_000);
            List<Row> shapeRows = new ArrayList<>();
            try {
                for (Contender c : contenders) {
                    shapeRows.add(measurement.measure("shapes", shape, c));
                }
            } finally {
                // Only the current shape is held: its arrays go with this iteration, its Workflow here.
                HymirContenders.forget();
            }
            rows.addAll(withRatios(shapeRows));
        }
        return rows;
    }

    /**
     * One workload's rows with their ratios to the floor, hymir and completable-future: each row's
     * median jobs/s over theirs, NaN for their own rows and where they did not run.
     */
    static List<Row> withRatios(List<Row> workloadRows) {
        double floor = medianRate(workloadRows, "floor");
        double hymir = medianRate(workloadRows, "hymir");
        double completableFuture = medianRate(workloadRows, "completable-future");
        List<Row> out = new ArrayList<>(workloadRows.size());
        for (Row r : workloadRows) {
            if (!r.ok()) {
                out.add(r);
                continue;
            }
            double rate = r.jobsPerSecond(r.medianNanos());
            out.add(r.withRatios(ratio(r, rate, "floor", floor), ratio(r, rate, "hymir", hymir),
                    ratio(r, rate, "completable-future", completableFuture)));
        }
        return out;
    }

    private static double ratio(Row r, double rate, String to, double toRate) {
        return r.contender().equals(to) ? Double.NaN : rate / toRate;
    }

    /** The median jobs/s of {@code contender}'s row, NaN if it has none that ran. */
    private static double medianRate(List<Row> rows, String contender) {
        return rows.stream().filter(r -> r.ok() && r.contender().equals(contender))
                .mapToDouble(r -> r.jobsPerSecond(r.medianNanos())).findFirst().orElse(Double.NaN);
    }

    /** Prints a table after an empty line; nothing if it is empty. */
    private static void print(String table) {
        if (!table.isEmpty()) {
            System.out.println();
            System.out.print(table);
        }
    }

    static void log(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }
}
