package dev.hymir.bench;

import dev.hymir.bench.Harness.Row;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Scale (issue 21): the fan-out and the layered DAG (layers of 1,000, 4 predecessors) at {@code --size}
 * jobs (default 10^7), run by {@code hymir} and {@code hymir-journal} only, through the same
 * {@link Measurement} loop as the table (warmup, measured runs, every job counted, heap B/job read the
 * same way), with a cap of {@value #CAP_SECONDS} s per run. Reported per row: jobs/s, heap B/job,
 * journal B/job, the process's peak RSS during the contender's runs and its RSS after them
 * ({@link ProcessMemory}), and jobs/s against the same contender on the largest shape of the same kind
 * in this run's table (the 10^6 rows at full size), so "the same cost per job at 10^7 as at 10^6" can
 * be read off one run.
 *
 * <p>The other contenders are not run at this size, and the output says so: the CompletableFuture
 * graph and Dexecutor would not fit (~180-380 B/job of futures: 2-4 GB at 10^7; Dexecutor is capped at
 * 20,000 jobs), hymir-redis would take minutes per run (its 10^6 runs take ~7 s and Redis holds
 * ~300-400 B/job), and the floors are the table's reference at 10^6.
 */
final class Scale {
    static final int JOBS = 10_000_000;
    static final int JOBS_QUICK = 20_000;
    static final int CAP_SECONDS = 900;
    static final String LEFT_OUT = "the other contenders are not run at scale: completable-future and dexecutor would"
            + " not fit or take too long (~180-380 B/job of futures, i.e. 2-4 GB at 10^7; dexecutor stops at 20,000"
            + " jobs), hymir-redis would take minutes per run; floor, floor-pool and raw-vthreads are the table's"
            + " reference at 10^6";

    private Scale() {
    }

    /** Each scale shape at {@code jobs} jobs, by those of {@code contenders} that run at scale; rows with ratios. */
    static List<Row> measureAll(int jobs, Options options, List<Contender> contenders) throws Exception {
        List<Contender> atScale = contenders.stream().filter(c -> Catalog.SCALE_CONTENDERS.contains(c.name())).toList();
        Harness.log("scale: %,d jobs per shape, %s only; %s", jobs, String.join(" and ", Catalog.SCALE_CONTENDERS),
                LEFT_OUT);
        Measurement measurement = new Measurement(options.runs(), options.quick(), CAP_SECONDS);
        List<Row> rows = new ArrayList<>();
        for (IntFunction<Shape> build : Catalog.scaleShapes()) {
            long t0 = System.nanoTime();
            Shape shape = build.apply(jobs);
            Harness.log("%s: %,d jobs, %,d edges (built in %d ms)", shape.name(), shape.jobCount(), shape.edgeCount(),
                    (System.nanoTime() - t0) / 1_000_000);
            List<Row> shapeRows = new ArrayList<>();
            try {
                for (Contender c : atScale) {
                    shapeRows.add(measurement.measure("scale", shape, c));
                }
            } finally {
                HymirContenders.forget();
            }
            rows.addAll(Harness.withRatios(shapeRows));
        }
        return rows;
    }

    /** The section's table; {@code table} (the main table's rows) gives the "vs table" column. */
    static String table(List<Row> rows, List<Row> table) {
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("scale: ").append(LEFT_OUT).append('\n');
        String header = String.format(Locale.ROOT, "%-18s %12s %-15s %14s %14s %9s %21s %11s %14s %13s %9s  %s%n",
                "shape", "jobs", "contender", "median jobs/s", "min jobs/s", "vs hymir", "vs table (jobs)",
                "heap B/job", "journal B/job", "peak RSS MiB", "RSS MiB", "status");
        sb.append(header).append("-".repeat(header.length() - 1)).append('\n');
        for (Row r : rows) {
            if (!r.ok()) {
                sb.append(String.format(Locale.ROOT, "%-18s %,12d %-15s %14s %14s %9s %21s %11s %14s %13s %9s  %s%n",
                        r.shape(), r.jobs(), r.contender(), "-", "-", "-", "-", "-", "-", "-", "-", r.status()));
                continue;
            }
            Optional<Row> reference = reference(r, table);
            String vsTable = reference.map(t -> String.format(Locale.ROOT, "%.3f (%,d)",
                    r.jobsPerSecond(r.medianNanos()) / t.jobsPerSecond(t.medianNanos()), t.jobs())).orElse("-");
            sb.append(String.format(Locale.ROOT, "%-18s %,12d %-15s %,14.0f %,14.0f %9s %21s %11.1f %14s %13s %9s  %s%n",
                    r.shape(), r.jobs(), r.contender(), r.jobsPerSecond(r.medianNanos()), r.jobsPerSecond(r.maxNanos()),
                    Tables.num(r.ratioToHymir(), "%.3f"), vsTable, r.heapBytesPerJob(),
                    Tables.num(r.journalBytesPerJob(), "%.1f"), ProcessMemory.mib(r.peakRssBytes()),
                    ProcessMemory.mib(r.rssBytes()), r.status()));
        }
        return sb.toString();
    }

    /** The table's row of the same contender on the largest shape of the same kind ("fanout-", "layered-"). */
    private static Optional<Row> reference(Row r, List<Row> table) {
        String kind = r.shape().substring(0, r.shape().indexOf('-') + 1);
        return table.stream()
                .filter(t -> t.ok() && t.contender().equals(r.contender()) && t.shape().startsWith(kind))
                .max(Comparator.comparingInt(Row::jobs));
    }
}
