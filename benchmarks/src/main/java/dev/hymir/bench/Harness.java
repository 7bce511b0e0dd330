package dev.hymir.bench;

import dev.hymir.testing.LocalRedisServer;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The whole-workload harness: every shape is run by every contender in the same JVM, one after the
 * other, so each figure can be read as a ratio to the floor measured minutes apart on the same box.
 * Per shape and contender: one warmup run, then {@code --runs} measured runs (default 5; 3 with
 * {@code --quick}). Every run
 * checks that each job ran exactly once and throws if not.
 *
 * <pre>
 * benchmarks/run                       # full sizes (about 5-10 minutes on 2 cores)
 * benchmarks/run --quick               # tiny sizes, seconds; what CI runs
 * benchmarks/run --shapes fanout,chain --contenders floor,completable-future --runs 5
 * benchmarks/run --scale 0.1           # full shapes at a tenth of their size
 * </pre>
 *
 * Heap per job: used heap after a full GC with the prepared run alive (the contender's graph, counters
 * and futures built, before any job starts) minus used heap after a full GC just before prepare, divided
 * by jobs. The shape's arrays and the execution counter exist in both measurements and cancel out;
 * what threads and stacks cost while jobs run is not in this figure. Contenders that build their
 * state only when the run starts (Hymir's engine) are measured after the run instead, while they
 * still hold it ({@link Contender.Prepared#holdsStateAfterExecute()}).
 */
public final class Harness {

    /** One shape the harness knows: its command-line key and how to build it at a scale. */
    private record ShapeSpec(String key, Supplier<Shape> full, Supplier<Shape> quick, ScaledShape scaled) {
    }

    private interface ScaledShape {
        Shape at(double scale);
    }

    private static final long SEED = 42;
    private static final long WORKER_STACK_BYTES = 1L << 30;

    private static List<ShapeSpec> shapeSpecs() {
        return List.of(
                spec("fanout", s -> Shape.fanOut(size(1_000_000, s)), () -> Shape.fanOut(1_000)),
                spec("chain", s -> Shape.chain(size(100_000, s)), () -> Shape.chain(200)),
                spec("layered", s -> Shape.layered(size(1_000_000, s), 1_000, SEED), () -> Shape.layered(2_000, 100, SEED)),
                spec("diamond", s -> Shape.diamonds(size(3_333, s)), () -> Shape.diamonds(50)),
                spec("groups", s -> Shape.twoGroups(size(3_000, s)), () -> Shape.twoGroups(100)),
                // Small versions of the big shapes, so contenders capped below 10^6 jobs (Dexecutor)
                // still get a figure next to the floor's.
                spec("fanout-small", s -> Shape.fanOut(size(2_000, s)), () -> Shape.fanOut(100)),
                spec("layered-small", s -> Shape.layered(size(10_000, s), 1_000, SEED), () -> Shape.layered(400, 100, SEED)));
    }

    private static ShapeSpec spec(String key, ScaledShape scaled, Supplier<Shape> quick) {
        return new ShapeSpec(key, () -> scaled.at(1.0), quick, scaled);
    }

    private static int size(int full, double scale) {
        return Math.max(4, (int) Math.round(full * scale));
    }

    /** Every contender, floor first (the ratios divide by it); hymir-redis without a Redis to use. */
    public static List<Contender> contenders() {
        return contenders(null, "no --redis URL");
    }

    /** Every contender; hymir-redis on {@code redisUrl}, or unavailable for {@code noRedis} if that is null. */
    static List<Contender> contenders(String redisUrl, String noRedis) {
        List<Contender> all = new ArrayList<>();
        all.add(new Floor());
        all.addAll(HymirContenders.all());
        all.add(new HymirRedisContender(redisUrl, noRedis));
        all.add(Floor.onPlatformPool());
        all.add(new RawVirtualThreads());
        all.add(new CompletableFutureDag());
        all.add(new DexecutorContender());
        return all;
    }

    /**
     * One measured (shape, contender) pair. Times in nanoseconds; empty when skipped. The journal
     * figures are NaN except for a journaling contender: {@code ratioToHymir} is its median jobs/s
     * over {@code hymir}'s (journal off) on the same shape; {@code journalBytesPerJob} is what the
     * journal holds (records plus document headers) per job, {@code journalDirBytesPerJob} the
     * apparent size of its directory per job (see {@link JournalSize}); both the median over runs.
     * {@code ratioToHymir} is also set for {@code hymir-redis}, with {@code redisBytesPerJob}: Redis'
     * {@code used_memory} after the run minus before, per job (median over runs; see
     * {@link HymirRedisContender}).
     */
    public record Row(String shape, int jobs, int edges, String contender, String status, long[] runNanos,
                      long executed, double heapBytesPerJob, double ratioToFloor, double ratioToHymir,
                      double journalBytesPerJob, double journalDirBytesPerJob, double redisBytesPerJob) {
        Row(String shape, int jobs, int edges, String contender, String status) {
            this(shape, jobs, edges, contender, status, new long[0], 0, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, Double.NaN);
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
    }

    /** What a harness run produced: the table's rows and the replay and latency sections (null if not run). */
    public record Report(List<Row> rows, ReplayBench.Result replay, List<LatencyBench.Result> latency) {
    }

    public record Options(boolean quick, int runs, Set<String> shapes, Set<String> contenders, double scale, Path out,
                          Set<String> sections, String redis) {
        static Options parse(String... args) {
            boolean quick = false;
            Integer runs = null;
            Set<String> shapes = null;
            Set<String> contenders = null;
            double scale = 1.0;
            Path out = Path.of("benchmarks", "results");
            Set<String> sections = Set.of("replay", "latency");
            String redis = null;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--quick" -> quick = true;
                    case "--runs" -> runs = Integer.parseInt(value(args, ++i, a));
                    case "--shapes" -> shapes = Set.of(value(args, ++i, a).split(","));
                    case "--contenders" -> contenders = Set.of(value(args, ++i, a).split(","));
                    case "--scale" -> scale = Double.parseDouble(value(args, ++i, a));
                    case "--out" -> out = Path.of(value(args, ++i, a));
                    case "--sections" -> sections = Set.of(value(args, ++i, a).split(","));
                    case "--redis" -> redis = value(args, ++i, a);
                    case "-h", "--help" -> {
                        System.out.println("usage: Harness [--quick] [--runs N] [--shapes fanout,chain,layered,diamond,groups,"
                                + "fanout-small,layered-small] [--contenders floor,...] [--scale F] [--out DIR]"
                                + " [--sections replay,latency|none] [--redis redis://HOST:PORT (default: start a"
                                + " local redis-server)]");
                        System.exit(0);
                    }
                    default -> throw new IllegalArgumentException("unknown option " + a + " (try --help)");
                }
            }
            // Full sizes get 5 measured runs (cheap: the full run takes minutes); quick mode 3.
            if (runs == null) {
                runs = quick ? 3 : 5;
            }
            if (runs < 1) {
                throw new IllegalArgumentException("--runs must be >= 1");
            }
            requireKnown("--shapes", "shape", shapes, shapeSpecs().stream().map(ShapeSpec::key).toList());
            requireKnown("--contenders", "contender", contenders,
                    Harness.contenders().stream().map(Contender::name).toList());
            requireKnown("--sections", "section", sections, SECTIONS);
            return new Options(quick, runs, shapes, contenders, scale, out, sections, redis);
        }

        /** Every name in {@code given} (null: option not given) must be in {@code valid}. */
        private static void requireKnown(String option, String what, Set<String> given, List<String> valid) {
            if (given == null) {
                return;
            }
            List<String> unknown = given.stream().filter(n -> !valid.contains(n)).sorted().toList();
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("unknown " + what + (unknown.size() > 1 ? "s " : " ")
                        + String.join(", ", unknown) + " in " + option + "; valid: " + String.join(", ", valid));
            }
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }
    }

    /** Names {@code --sections} takes: the two sections after the table, or none of them. */
    static final List<String> SECTIONS = List.of("replay", "latency", "none");

    /** Exits with 2 on a command-line error (unknown option or name), after a one-line message. */
    public static void main(String[] args) throws Exception {
        int code = launch(System.err, args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** What {@link #main} does, returning the exit code instead of exiting: 2 if the command line is wrong. */
    static int launch(java.io.PrintStream err, String... args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) { // includes NumberFormatException
            err.println("Harness: " + e.getMessage());
            return 2;
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
            boolean wantsRedis = options.contenders() == null || options.contenders().contains(HymirRedisContender.NAME);
            if (wantsRedis && redisUrl == null) {
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
            for (Contender c : contenders(redisUrl, noRedis)) {
                if (options.contenders() == null || options.contenders().contains(c.name())) {
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
        List<Row> rows = new ArrayList<>();
        long started = System.nanoTime();
        for (ShapeSpec spec : shapeSpecs()) {
            if (options.shapes() != null && !options.shapes().contains(spec.key())) {
                continue;
            }
            long t0 = System.nanoTime();
            Shape shape = options.quick() ? spec.quick().get() : spec.scaled().at(options.scale());
            log("%s: %,d jobs, %,d edges, %,d join nodes (built in %d ms)", shape.name(), shape.jobCount(),
                    shape.edgeCount(), shape.nodeCount() - shape.jobCount(), (System.nanoTime() - t0) / 1_000_000);
            Row floor = null;
            Row hymir = null;
            try {
                for (Contender c : contenders) {
                    Row row = measure(shape, c, options.runs(), floor, hymir);
                    if (c.name().equals("floor") && row.ok()) {
                        floor = row;
                    }
                    if (c.name().equals("hymir") && row.ok()) {
                        hymir = row;
                    }
                    rows.add(row);
                }
            } finally {
                // Only the current shape is held: its arrays go with this iteration, its Workflow here.
                HymirContenders.forget();
            }
        }
        // After the table's contenders, so these do not perturb it; replay needs no threads, latency few.
        ReplayBench.Result replay = null;
        if (options.sections().contains("replay")) {
            int jobs = options.quick() ? REPLAY_JOBS_QUICK : Math.max(1, (int) Math.round(REPLAY_JOBS * options.scale()));
            log("replay: writing a journal of %,d records", 2L * jobs + 2);
            replay = ReplayBench.measure(jobs, 3);
        }
        List<LatencyBench.Result> latency = null;
        if (options.sections().contains("latency")) {
            int jobs = options.quick() ? LATENCY_JOBS_QUICK : Math.max(20, (int) Math.round(LATENCY_JOBS * options.scale()));
            log("latency: ready -> start over %,d jobs", jobs);
            latency = LatencyBench.measureAll(jobs, options.runs());
        }
        log("total %d s", (System.nanoTime() - started) / 1_000_000_000);
        Report report = new Report(rows, replay, latency);
        System.out.println();
        System.out.print(table(rows));
        String journal = journalTable(rows);
        if (!journal.isEmpty()) {
            System.out.println();
            System.out.print(journal);
        }
        String redis = redisTable(rows);
        if (!redis.isEmpty()) {
            System.out.println();
            System.out.print(redis);
        }
        if (replay != null) {
            System.out.println();
            System.out.print(replay.describe());
        }
        if (latency != null) {
            System.out.println();
            System.out.print(LatencyBench.table(latency));
        }
        write(options, report);
        return report;
    }

    private static Row measure(Shape shape, Contender c, int runs, Row floor, Row hymir) throws Exception {
        if (c.unavailable() != null) {
            log("  %-20s skipped: %s", c.name(), c.unavailable());
            return new Row(shape.name(), shape.jobCount(), shape.edgeCount(), c.name(), "skipped: " + c.unavailable());
        }
        if (shape.jobCount() > c.maxJobs()) {
            log("  %-20s skipped: %,d jobs is above its cap of %,d", c.name(), shape.jobCount(), c.maxJobs());
            return new Row(shape.name(), shape.jobCount(), shape.edgeCount(), c.name(),
                    "skipped: cap (> " + c.maxJobs() + " jobs)");
        }
        long[] nanos = new long[runs];
        double[] heap = new double[runs];
        double[] journalBytes = new double[runs];
        double[] journalDirBytes = new double[runs];
        double[] redisBytes = new double[runs];
        boolean journaled = false;
        boolean stored = false;
        long executed = 0;
        for (int r = -1; r < runs; r++) { // r == -1: warmup, measured but not kept
            Single single = runOnce(shape, c);
            if (single == null) {
                log("  %-20s skipped: a run exceeded the %d s cap", c.name(), c.capSeconds());
                return new Row(shape.name(), shape.jobCount(), shape.edgeCount(), c.name(),
                        "skipped: cap (" + c.capSeconds() + " s per run)");
            }
            if (r >= 0) {
                nanos[r] = single.nanos();
                heap[r] = single.heapBytes() / (double) Math.max(1, shape.jobCount());
                executed = single.executed();
                if (single.journal() != null) {
                    journaled = true;
                    journalBytes[r] = single.journal().recordBytes() / (double) shape.jobCount();
                    journalDirBytes[r] = single.journal().dirBytes() / (double) shape.jobCount();
                }
                if (single.redisBytes() != null) {
                    stored = true;
                    redisBytes[r] = single.redisBytes() / (double) shape.jobCount();
                }
            }
        }
        Arrays.sort(heap);
        Arrays.sort(journalBytes);
        Arrays.sort(journalDirBytes);
        Arrays.sort(redisBytes);
        Row partial = new Row(shape.name(), shape.jobCount(), shape.edgeCount(), c.name(), "ok", nanos, executed,
                heap[runs / 2], Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        double rate = partial.jobsPerSecond(partial.medianNanos());
        double ratio = floor == null ? Double.NaN : rate / floor.jobsPerSecond(floor.medianNanos());
        double ratioToHymir = (journaled || stored) && hymir != null
                ? rate / hymir.jobsPerSecond(hymir.medianNanos()) : Double.NaN;
        Row row = new Row(partial.shape(), partial.jobs(), partial.edges(), partial.contender(), partial.status(),
                nanos, executed, partial.heapBytesPerJob(), ratio, ratioToHymir,
                journaled ? journalBytes[runs / 2] : Double.NaN, journaled ? journalDirBytes[runs / 2] : Double.NaN,
                stored ? redisBytes[runs / 2] : Double.NaN);
        log("  %-20s median %,12.0f jobs/s  min %,12.0f  max %,12.0f  %6.1f B/job%s%s", c.name(),
                row.jobsPerSecond(row.medianNanos()), row.jobsPerSecond(row.maxNanos()),
                row.jobsPerSecond(row.minNanos()), row.heapBytesPerJob(),
                journaled ? String.format(Locale.ROOT, "  journal %.1f B/job", row.journalBytesPerJob()) : "",
                stored ? String.format(Locale.ROOT, "  redis %.1f B/job", row.redisBytesPerJob()) : "");
        return row;
    }

    private record Single(long nanos, long heapBytes, long executed, JournalSize journal, Long redisBytes) {
    }

    /**
     * One run on its own platform thread, so a contender that never finishes is abandoned after its
     * cap instead of hanging the harness. Returns null on timeout; rethrows the run's failure.
     */
    private static Single runOnce(Shape shape, Contender c) throws Exception {
        AtomicReference<Single> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<Contender.Prepared> prepared = new AtomicReference<>();
        // A large stack: Dexecutor validates its graph with a recursive depth-first search, which
        // overflows a default stack on a chain or a diamond stack a few thousand deep.
        Thread worker = Thread.ofPlatform().daemon().name("bench-" + c.name()).stackSize(WORKER_STACK_BYTES).start(() -> {
            try {
                ExecutionCounter counter = new ExecutionCounter(shape.jobCount());
                c.beforeRun();
                long before = heapAfterGc();
                long t0 = System.nanoTime();
                Contender.Prepared p = c.prepare(shape, counter);
                long prepareNanos = System.nanoTime() - t0;
                prepared.set(p);
                long held = heapAfterGc() - before;
                long t1 = System.nanoTime();
                p.execute();
                long executeNanos = System.nanoTime() - t1;
                if (p.holdsStateAfterExecute()) {
                    held = Math.max(held, heapAfterGc() - before);
                }
                p.release();
                counter.verifyExactlyOnce(c.name() + " on " + shape.name());
                result.set(new Single(prepareNanos + executeNanos, held, counter.executed(), p.journalSize(),
                        p.redisBytes()));
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        worker.join(c.capSeconds() * 1000L);
        if (worker.isAlive()) {
            Contender.Prepared p = prepared.get();
            if (p != null) {
                p.abandon();
            }
            worker.interrupt();
            // Whatever keeps running steals CPU from the next measurements: say so.
            worker.join(5_000);
            if (worker.isAlive()) {
                log("  warning: the abandoned %s run is still running; later figures may be perturbed", c.name());
            }
            return null;
        }
        if (failure.get() != null) {
            throw new IllegalStateException(c.name() + " failed on " + shape.name(), failure.get());
        }
        return result.get();
    }

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private static long heapAfterGc() {
        // Two collections: the first may only queue finalization/reference processing.
        System.gc();
        System.gc();
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    private static void log(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }

    // ---- output ----

    static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        String header = String.format(Locale.ROOT, "%-22s %10s %-20s %14s %14s %14s %8s %9s  %s%n", "shape", "jobs",
                "contender", "median jobs/s", "min jobs/s", "max jobs/s", "vs floor", "heap B/job", "status");
        sb.append(header);
        sb.append("-".repeat(header.length() - 1)).append('\n');
        for (Row r : rows) {
            if (r.ok()) {
                sb.append(String.format(Locale.ROOT, "%-22s %,10d %-20s %,14.0f %,14.0f %,14.0f %8s %9.1f  %s%n",
                        r.shape(), r.jobs(), r.contender(), r.jobsPerSecond(r.medianNanos()),
                        r.jobsPerSecond(r.maxNanos()), r.jobsPerSecond(r.minNanos()),
                        Double.isNaN(r.ratioToFloor()) ? "-" : String.format(Locale.ROOT, "%.3f", r.ratioToFloor()),
                        r.heapBytesPerJob(), r.status()));
            } else {
                sb.append(String.format(Locale.ROOT, "%-22s %,10d %-20s %14s %14s %14s %8s %9s  %s%n", r.shape(),
                        r.jobs(), r.contender(), "-", "-", "-", "-", "-", r.status()));
            }
        }
        return sb.toString();
    }

    /** The journal figures: one line per journaling row, next to the journal-off engine. */
    static String journalTable(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        for (Row r : rows) {
            if (!r.ok() || !r.journaled()) {
                continue;
            }
            if (sb.isEmpty()) {
                String header = String.format(Locale.ROOT, "%-22s %10s %-15s %14s %9s %9s %14s %14s%n", "shape", "jobs",
                        "contender", "median jobs/s", "vs floor", "vs hymir", "journal B/job", "dir B/job");
                sb.append(header).append("-".repeat(header.length() - 1)).append('\n');
            }
            sb.append(String.format(Locale.ROOT, "%-22s %,10d %-15s %,14.0f %9s %9s %14.1f %14.1f%n", r.shape(), r.jobs(),
                    r.contender(), r.jobsPerSecond(r.medianNanos()), num(r.ratioToFloor(), "%.3f"),
                    num(r.ratioToHymir(), "%.3f"), r.journalBytesPerJob(), r.journalDirBytesPerJob()));
        }
        return sb.toString();
    }

    /** The Redis figures: one line per row with a Redis state store, next to the store-less engine. */
    static String redisTable(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        for (Row r : rows) {
            if (!r.ok() || !r.stored()) {
                continue;
            }
            if (sb.isEmpty()) {
                String header = String.format(Locale.ROOT, "%-22s %10s %-15s %14s %9s %9s %14s%n", "shape", "jobs",
                        "contender", "median jobs/s", "vs floor", "vs hymir", "redis B/job");
                sb.append(header).append("-".repeat(header.length() - 1)).append('\n');
            }
            sb.append(String.format(Locale.ROOT, "%-22s %,10d %-15s %,14.0f %9s %9s %14.1f%n", r.shape(), r.jobs(),
                    r.contender(), r.jobsPerSecond(r.medianNanos()), num(r.ratioToFloor(), "%.3f"),
                    num(r.ratioToHymir(), "%.3f"), r.redisBytesPerJob()));
        }
        return sb.toString();
    }

    private static Map<String, String> machine(Options options) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("date", Instant.now().toString());
        m.put("jdk", System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        m.put("processors", Integer.toString(Runtime.getRuntime().availableProcessors()));
        m.put("maxHeapMiB", Long.toString(Runtime.getRuntime().maxMemory() >> 20));
        m.put("mode", options.quick() ? "quick" : "full");
        m.put("scale", Double.toString(options.scale()));
        m.put("runs", Integer.toString(options.runs()));
        return m;
    }

    private static void write(Options options, Report report) throws IOException {
        List<Row> rows = report.rows();
        Files.createDirectories(options.out());
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        String prefix = options.quick() ? "quick-" : "";
        String csv = csv(rows);
        String json = json(machine(options), report);
        Files.writeString(options.out().resolve(prefix + stamp + ".csv"), csv);
        Files.writeString(options.out().resolve(prefix + stamp + ".json"), json);
        Files.writeString(options.out().resolve(prefix + "latest.csv"), csv);
        Files.writeString(options.out().resolve(prefix + "latest.json"), json);
        log("wrote %s/%s%s.{csv,json} and %slatest.{csv,json}", options.out(), prefix, stamp, prefix);
    }

    private static String csv(List<Row> rows) {
        StringBuilder sb = new StringBuilder(
                "shape,jobs,edges,contender,status,runs,median_ms,min_ms,max_ms,median_jobs_per_s,min_jobs_per_s,"
                        + "max_jobs_per_s,ratio_to_floor,heap_bytes_per_job,executed,ratio_to_hymir,journal_bytes_per_job,"
                        + "journal_dir_bytes_per_job,redis_bytes_per_job\n");
        for (Row r : rows) {
            sb.append(String.join(",", r.shape(), Integer.toString(r.jobs()), Integer.toString(r.edges()),
                    r.contender(), '"' + r.status() + '"', Integer.toString(r.runNanos().length),
                    ms(r, r.medianNanos()), ms(r, r.minNanos()), ms(r, r.maxNanos()),
                    rate(r, r.medianNanos()), rate(r, r.maxNanos()), rate(r, r.minNanos()),
                    num(r.ratioToFloor(), "%.4f"), num(r.heapBytesPerJob(), "%.1f"), Long.toString(r.executed()),
                    num(r.ratioToHymir(), "%.4f"), num(r.journalBytesPerJob(), "%.1f"),
                    num(r.journalDirBytesPerJob(), "%.1f"), num(r.redisBytesPerJob(), "%.1f")));
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String ms(Row r, long nanos) {
        return r.ok() ? String.format(Locale.ROOT, "%.3f", nanos / 1e6) : "";
    }

    private static String rate(Row r, long nanos) {
        return r.ok() ? String.format(Locale.ROOT, "%.0f", r.jobsPerSecond(nanos)) : "";
    }

    private static String num(double v, String format) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, format, v);
    }

    private static String json(Map<String, String> machine, Report report) {
        List<Row> rows = report.rows();
        StringBuilder sb = new StringBuilder("{\n  \"machine\": {");
        int i = 0;
        for (Map.Entry<String, String> e : machine.entrySet()) {
            sb.append(i++ == 0 ? "" : ", ").append(quote(e.getKey())).append(": ").append(quote(e.getValue()));
        }
        sb.append("},\n  \"rows\": [\n");
        for (int k = 0; k < rows.size(); k++) {
            Row r = rows.get(k);
            sb.append("    {\"shape\": ").append(quote(r.shape()))
                    .append(", \"jobs\": ").append(r.jobs())
                    .append(", \"edges\": ").append(r.edges())
                    .append(", \"contender\": ").append(quote(r.contender()))
                    .append(", \"status\": ").append(quote(r.status()))
                    .append(", \"runMillis\": ").append(Arrays.toString(
                            Arrays.stream(r.runNanos()).mapToObj(n -> String.format(Locale.ROOT, "%.3f", n / 1e6)).toArray()))
                    .append(", \"medianJobsPerSecond\": ").append(r.ok() ? rate(r, r.medianNanos()) : "null")
                    .append(", \"minJobsPerSecond\": ").append(r.ok() ? rate(r, r.maxNanos()) : "null")
                    .append(", \"maxJobsPerSecond\": ").append(r.ok() ? rate(r, r.minNanos()) : "null")
                    .append(", \"ratioToFloor\": ").append(Double.isNaN(r.ratioToFloor()) ? "null" : num(r.ratioToFloor(), "%.4f"))
                    .append(", \"heapBytesPerJob\": ").append(Double.isNaN(r.heapBytesPerJob()) ? "null" : num(r.heapBytesPerJob(), "%.1f"))
                    .append(", \"executed\": ").append(r.executed())
                    .append(", \"ratioToHymir\": ").append(jsonNum(r.ratioToHymir(), "%.4f"))
                    .append(", \"journalBytesPerJob\": ").append(jsonNum(r.journalBytesPerJob(), "%.1f"))
                    .append(", \"journalDirBytesPerJob\": ").append(jsonNum(r.journalDirBytesPerJob(), "%.1f"))
                    .append(", \"redisBytesPerJob\": ").append(jsonNum(r.redisBytesPerJob(), "%.1f"))
                    .append('}').append(k + 1 < rows.size() ? ",\n" : "\n");
        }
        sb.append("  ]");
        ReplayBench.Result replay = report.replay();
        if (replay != null) {
            sb.append(String.format(Locale.ROOT, ",\n  \"replay\": {\"records\": %d, \"documents\": %d, \"recordBytes\": %d,"
                            + " \"writeRecordsPerSecond\": %.0f, \"engineMillis\": %s, \"readerMillis\": %s,"
                            + " \"engineMedianRecordsPerSecond\": %.0f, \"engineBestRecordsPerSecond\": %.0f,"
                            + " \"readerMedianRecordsPerSecond\": %.0f, \"readerBestRecordsPerSecond\": %.0f}",
                    replay.records(), replay.documents(), replay.recordBytes(), replay.writeRate(),
                    millis(replay.engineNanos()), millis(replay.readerNanos()), replay.engineMedianRate(),
                    replay.engineBestRate(), replay.readerMedianRate(), replay.readerBestRate()));
        }
        if (report.latency() != null) {
            sb.append(",\n  \"latencyMicros\": [\n");
            List<LatencyBench.Result> latency = report.latency();
            for (int k = 0; k < latency.size(); k++) {
                LatencyBench.Result l = latency.get(k);
                sb.append(String.format(Locale.ROOT, "    {\"shape\": %s, \"engine\": %s, \"jobs\": %d, \"runs\": %d,"
                                + " \"p50\": %.1f, \"p99\": %.1f, \"worstP99\": %.1f, \"max\": %.1f}%s%n",
                        quote(l.shape()), quote(l.engine()), l.jobs(), l.runs(), l.p50(), l.p99(), l.worstP99(), l.max(),
                        k + 1 < latency.size() ? "," : ""));
            }
            sb.append("  ]");
        }
        return sb.append("\n}\n").toString();
    }

    private static String jsonNum(double v, String format) {
        return Double.isNaN(v) ? "null" : num(v, format);
    }

    private static String millis(long[] nanos) {
        return Arrays.toString(Arrays.stream(nanos).mapToObj(n -> String.format(Locale.ROOT, "%.3f", n / 1e6)).toArray());
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
