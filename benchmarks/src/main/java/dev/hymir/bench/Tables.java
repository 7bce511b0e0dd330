package dev.hymir.bench;

import dev.hymir.bench.Harness.Row;

import java.util.List;
import java.util.Locale;

/** The plain-text tables the harness prints after measuring. */
final class Tables {
    private Tables() {
    }

    /** The main table: one line per shape and contender; empty if no shape ran. */
    static String table(List<Row> rows) {
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        String header = String.format(Locale.ROOT, "%-22s %10s %-20s %14s %14s %14s %8s %9s  %s%n", "shape", "jobs",
                "contender", "median jobs/s", "min jobs/s", "max jobs/s", "vs floor", "heap B/job", "status");
        sb.append(header);
        sb.append("-".repeat(header.length() - 1)).append('\n');
        for (Row r : rows) {
            if (r.ok()) {
                sb.append(String.format(Locale.ROOT, "%-22s %,10d %-20s %,14.0f %,14.0f %,14.0f %8s %9.1f  %s%n",
                        r.shape(), r.jobs(), r.contender(), r.jobsPerSecond(r.medianNanos()),
                        r.jobsPerSecond(r.maxNanos()), r.jobsPerSecond(r.minNanos()), num(r.ratioToFloor(), "%.3f"),
                        r.heapBytesPerJob(), r.status()));
            } else {
                sb.append(String.format(Locale.ROOT, "%-22s %,10d %-20s %14s %14s %14s %8s %9s  %s%n", r.shape(),
                        r.jobs(), r.contender(), "-", "-", "-", "-", "-", r.status()));
            }
        }
        return sb.toString();
    }

    /** The journal figures: one line per journaling row, next to the journal-off engine; empty if none. */
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

    /** The Redis figures: one line per row with a Redis state store, next to the store-less engine; empty if none. */
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

    /** {@code v} formatted, or "-" if it is NaN (not measured). */
    static String num(double v, String format) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, format, v);
    }
}
