package dev.hymir.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hymir.bench.Harness.Report;
import dev.hymir.bench.Harness.Row;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Writes a report as {@code <UTC time>.csv} and {@code .json} plus {@code latest.csv} and
 * {@code latest.json} ({@code quick-} in front of each with --quick). The CSV has one line per row;
 * the JSON has the machine, the rows and the sections' figures. A figure that was not measured is an
 * empty CSV cell and a JSON null.
 */
final class ResultFiles {
    private ResultFiles() {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    static void write(Options options, Report report) throws IOException {
        Files.createDirectories(options.out());
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        String prefix = options.quick() ? "quick-" : "";
        String csv = csv(report.allRows());
        String json = MAPPER.writeValueAsString(json(options, report)) + "\n";
        Files.writeString(options.out().resolve(prefix + stamp + ".csv"), csv);
        Files.writeString(options.out().resolve(prefix + stamp + ".json"), json);
        Files.writeString(options.out().resolve(prefix + "latest.csv"), csv);
        Files.writeString(options.out().resolve(prefix + "latest.json"), json);
        Harness.log("wrote %s/%s%s.{csv,json} and %slatest.{csv,json}", options.out(), prefix, stamp, prefix);
    }

    static final String CSV_HEADER = "shape,jobs,edges,contender,status,runs,median_ms,min_ms,max_ms,median_jobs_per_s,"
            + "min_jobs_per_s,max_jobs_per_s,ratio_to_floor,heap_bytes_per_job,executed,ratio_to_hymir,"
            + "journal_bytes_per_job,journal_dir_bytes_per_job,redis_bytes_per_job,section,workflows,clients,"
            + "median_workflows_per_s,min_workflows_per_s,max_workflows_per_s,ratio_to_completable_future,"
            + "peak_rss_bytes,rss_bytes";

    static String csv(List<Row> rows) {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
        for (Row r : rows) {
            sb.append(String.join(",", r.shape(), Integer.toString(r.jobs()), Integer.toString(r.edges()),
                    r.contender(), '"' + r.status() + '"', Integer.toString(r.runNanos().length),
                    cell(millis(r, r.medianNanos()), 3), cell(millis(r, r.minNanos()), 3),
                    cell(millis(r, r.maxNanos()), 3), cell(rate(r, r.medianNanos()), 0),
                    cell(rate(r, r.maxNanos()), 0), cell(rate(r, r.minNanos()), 0),
                    cell(r.ratioToFloor(), 4), cell(r.heapBytesPerJob(), 1), Long.toString(r.executed()),
                    cell(r.ratioToHymir(), 4), cell(r.journalBytesPerJob(), 1),
                    cell(r.journalDirBytesPerJob(), 1), cell(r.redisBytesPerJob(), 1), r.section(),
                    Integer.toString(r.workflows()), Integer.toString(r.clients()),
                    cell(workflowRate(r, r.medianNanos()), 1), cell(workflowRate(r, r.maxNanos()), 1),
                    cell(workflowRate(r, r.minNanos()), 1), cell(r.ratioToCompletableFuture(), 4),
                    bytes(r.peakRssBytes()), bytes(r.rssBytes())));
            sb.append('\n');
        }
        return sb.toString();
    }

    private static ObjectNode json(Options options, Report report) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode machine = root.putObject("machine");
        machine.put("date", Instant.now().toString());
        machine.put("jdk", System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        machine.put("processors", Integer.toString(Runtime.getRuntime().availableProcessors()));
        machine.put("maxHeapMiB", Long.toString(Runtime.getRuntime().maxMemory() >> 20));
        machine.put("mode", options.quick() ? "quick" : "full");
        machine.put("scale", Double.toString(options.scale()));
        machine.put("runs", Integer.toString(options.runs()));
        machine.put("sections", String.join(",", Catalog.SECTIONS.stream().filter(options::runsSection).toList()));
        ArrayNode rows = root.putArray("rows");
        for (Row r : report.allRows()) {
            ObjectNode row = rows.addObject();
            row.put("shape", r.shape());
            row.put("jobs", r.jobs());
            row.put("edges", r.edges());
            row.put("contender", r.contender());
            row.put("status", r.status());
            ArrayNode runMillis = row.putArray("runMillis");
            for (long nanos : r.runNanos()) {
                runMillis.add(decimal(nanos / 1e6, 3));
            }
            row.put("medianJobsPerSecond", decimal(rate(r, r.medianNanos()), 0));
            row.put("minJobsPerSecond", decimal(rate(r, r.maxNanos()), 0));
            row.put("maxJobsPerSecond", decimal(rate(r, r.minNanos()), 0));
            row.put("ratioToFloor", decimal(r.ratioToFloor(), 4));
            row.put("heapBytesPerJob", decimal(r.heapBytesPerJob(), 1));
            row.put("executed", r.executed());
            row.put("ratioToHymir", decimal(r.ratioToHymir(), 4));
            row.put("journalBytesPerJob", decimal(r.journalBytesPerJob(), 1));
            row.put("journalDirBytesPerJob", decimal(r.journalDirBytesPerJob(), 1));
            row.put("redisBytesPerJob", decimal(r.redisBytesPerJob(), 1));
            row.put("section", r.section());
            row.put("workflows", r.workflows());
            row.put("clients", r.clients());
            row.put("medianWorkflowsPerSecond", decimal(workflowRate(r, r.medianNanos()), 1));
            row.put("minWorkflowsPerSecond", decimal(workflowRate(r, r.maxNanos()), 1));
            row.put("maxWorkflowsPerSecond", decimal(workflowRate(r, r.minNanos()), 1));
            row.put("ratioToCompletableFuture", decimal(r.ratioToCompletableFuture(), 4));
            row.put("peakRssBytes", r.peakRssBytes() < 0 ? null : r.peakRssBytes());
            row.put("rssBytes", r.rssBytes() < 0 ? null : r.rssBytes());
        }
        ReplayBench.Result replay = report.replay();
        if (replay != null) {
            ObjectNode node = root.putObject("replay");
            node.put("records", replay.records());
            node.put("documents", replay.documents());
            node.put("recordBytes", replay.recordBytes());
            node.put("writeRecordsPerSecond", decimal(replay.writeRate(), 0));
            millisArray(node.putArray("engineMillis"), replay.engineNanos());
            millisArray(node.putArray("readerMillis"), replay.readerNanos());
            node.put("engineMedianRecordsPerSecond", decimal(replay.engineMedianRate(), 0));
            node.put("engineBestRecordsPerSecond", decimal(replay.engineBestRate(), 0));
            node.put("readerMedianRecordsPerSecond", decimal(replay.readerMedianRate(), 0));
            node.put("readerBestRecordsPerSecond", decimal(replay.readerBestRate(), 0));
        }
        if (report.latency() != null) {
            ArrayNode latency = root.putArray("latencyMicros");
            for (LatencyBench.Result l : report.latency()) {
                ObjectNode node = latency.addObject();
                node.put("shape", l.shape());
                node.put("engine", l.engine());
                node.put("jobs", l.jobs());
                node.put("runs", l.runs());
                node.put("p50", decimal(l.p50(), 1));
                node.put("p99", decimal(l.p99(), 1));
                node.put("worstP99", decimal(l.worstP99(), 1));
                node.put("max", decimal(l.max(), 1));
            }
        }
        if (report.waiting() != null) {
            ArrayNode waiting = root.putArray("waitingJobs");
            for (WaitingJobs.Result w : report.waiting()) {
                ObjectNode node = waiting.addObject();
                node.put("maxConcurrency", w.maxConcurrency() == 0 ? null : w.maxConcurrency());
                node.put("jobs", w.jobs());
                node.put("sleepMillis", w.sleepMillis());
                node.put("status", w.status());
                node.put("wallMillis", decimal(w.wallNanos() / 1e6, 3));
                node.put("executed", w.executed());
                node.put("peakWaiting", w.peakWaiting());
                node.put("waitingAtReading", w.waitingAtReading());
                node.put("heapBytesPerWaitingJob", decimal(w.heapBytesPerWaitingJob(), 1));
                node.put("peakRssBytes", w.peakRssBytes() < 0 ? null : w.peakRssBytes());
                node.put("rssBeforeBytes", w.rssBeforeBytes() < 0 ? null : w.rssBeforeBytes());
            }
        }
        return root;
    }

    private static void millisArray(ArrayNode array, long[] nanos) {
        for (long n : nanos) {
            array.add(decimal(n / 1e6, 3));
        }
    }

    /** NaN unless the row was measured. */
    private static double millis(Row r, long nanos) {
        return r.ok() ? nanos / 1e6 : Double.NaN;
    }

    /** NaN unless the row was measured. */
    private static double rate(Row r, long nanos) {
        return r.ok() ? r.jobsPerSecond(nanos) : Double.NaN;
    }

    /** NaN unless the row was measured. */
    private static double workflowRate(Row r, long nanos) {
        return r.ok() ? r.workflowsPerSecond(nanos) : Double.NaN;
    }

    /** {@code v} rounded to {@code places} decimals, written as such (no exponent); null if NaN. */
    static BigDecimal decimal(double v, int places) {
        return Double.isNaN(v) || Double.isInfinite(v) ? null : BigDecimal.valueOf(v).setScale(places, RoundingMode.HALF_UP);
    }

    /** A byte count, or an empty cell if unknown (negative). */
    private static String bytes(long v) {
        return v < 0 ? "" : Long.toString(v);
    }

    /** {@code v} with {@code places} decimals, or an empty cell if NaN. */
    private static String cell(double v, int places) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "" : String.format(Locale.ROOT, "%." + places + "f", v);
    }
}
