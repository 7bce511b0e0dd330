package dev.hymir.bench;

import dev.hymir.JournalDurability;
import dev.hymir.JournalReader;
import dev.hymir.WorkflowState;
import dev.hymir.spi.Transition;
import dev.hymir.internal.journal.ChronicleJournal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Replay rate of a large journal. Writes the journal of one fan-out workflow of {@code jobs} jobs
 * straight through {@link ChronicleJournal#append} (what the scheduler loop calls): a Submitted
 * record, then per batch of {@value #BATCH} jobs their Started records followed by their Succeeded
 * records (no output, as for no-op jobs), then Finished — {@code 2·jobs + 2} records in documents of
 * about 1 MiB, the layout the engine writes for a fan-out. Writing directly skips running 5·10^6
 * threads to get 10^7 records; the records and documents are the same.
 *
 * <p>Then, alternately, {@code runs} times each (page cache warm: the file was just written):
 * <ul>
 *   <li><b>engine</b>: {@link ChronicleJournal#replay} — the path {@code HymirEngine.build()} takes
 *       on recovery — into a sink that only counts and checksums the records. It measures reading
 *       and decoding; recovery then also applies every record to its run's state and parses the
 *       definition JSON, which this synthetic journal keeps tiny (see the README's journal costs);</li>
 *   <li><b>reader</b>: {@link JournalReader#forEach} (the public reading API, which builds a text
 *       {@code JournalEntry} per record) into a counting sink.</li>
 * </ul>
 *
 * <pre>
 * benchmarks/run                     # runs this after the table (10^7 records; 10^5 with --quick)
 * java $FLAGS -cp benchmarks/target/benchmarks.jar dev.hymir.bench.ReplayBench [records] [runs]
 * </pre>
 */
public final class ReplayBench {
    static final int BATCH = 10_000;

    private ReplayBench() {
    }

    /** Times in nanoseconds, one per run. */
    public record Result(long records, long documents, long recordBytes, long writeNanos, long[] engineNanos,
                         long[] readerNanos) {
        public double writeRate() {
            return records * 1e9 / writeNanos;
        }

        public double engineMedianRate() {
            return records * 1e9 / median(engineNanos);
        }

        public double engineBestRate() {
            return records * 1e9 / Arrays.stream(engineNanos).min().orElseThrow();
        }

        public double readerMedianRate() {
            return records * 1e9 / median(readerNanos);
        }

        public double readerBestRate() {
            return records * 1e9 / Arrays.stream(readerNanos).min().orElseThrow();
        }

        public String describe() {
            return String.format(Locale.ROOT, """
                    replay of %,d records (%,d documents, %,d bytes; written in %,d ms = %,.0f records/s), %d runs each:
                      engine (ChronicleJournal.replay)  median %,12.0f records/s   best %,12.0f
                      JournalReader.forEach             median %,12.0f records/s   best %,12.0f
                    """, records, documents, recordBytes, writeNanos / 1_000_000, writeRate(), engineNanos.length,
                    engineMedianRate(), engineBestRate(), readerMedianRate(), readerBestRate());
        }
    }

    public static void main(String[] args) throws Exception {
        long records = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        System.out.print(measure((int) (records / 2), runs).describe());
    }

    /** Writes a {@code jobs}-job fan-out's journal in a temporary directory, measures, deletes it. */
    public static Result measure(int jobs, int runs) throws Exception {
        Path dir = Files.createTempDirectory("hymir-bench-replay");
        try {
            long t0 = System.nanoTime();
            write(dir, jobs);
            long writeNanos = System.nanoTime() - t0;
            JournalSize size = JournalSize.of(dir);
            long expected = 2L * jobs + 2;
            long[] engine = new long[runs];
            long[] reader = new long[runs];
            for (int r = 0; r < runs; r++) {
                engine[r] = timeEngineReplay(dir, expected);
                reader[r] = timeReader(dir, expected);
            }
            return new Result(expected, size.documents(), size.recordBytes(), writeNanos, engine, reader);
        } finally {
            HymirContenders.deleteTree(dir);
        }
    }

    private static ChronicleJournal open(Path dir) {
        return ChronicleJournal.open(new ChronicleJournal.Options(dir, JournalDurability.PROCESS_CRASH, false, null, null));
    }

    private static void write(Path dir, int jobs) {
        try (ChronicleJournal journal = open(dir)) {
            journal.append(List.of(new Transition.Submitted(0, "bench-replay", "{}")));
            List<Transition> batch = new ArrayList<>(2 * BATCH);
            for (int from = 0; from < jobs; from += BATCH) {
                int to = Math.min(jobs, from + BATCH);
                for (int j = from; j < to; j++) {
                    batch.add(new Transition.Started(0, j, 0));
                }
                for (int j = from; j < to; j++) {
                    batch.add(new Transition.Succeeded(0, j, null));
                }
                journal.append(batch);
                batch.clear();
            }
            journal.append(List.of(new Transition.Finished(0, WorkflowState.Status.SUCCESS)));
        }
    }

    private static long timeEngineReplay(Path dir, long expected) {
        long[] count = {0, 0};
        try (ChronicleJournal journal = open(dir)) {
            long t0 = System.nanoTime();
            journal.replay(t -> {
                count[0]++;
                count[1] += t.run(); // touch the record, so nothing is optimised away
            });
            long nanos = System.nanoTime() - t0;
            check(count[0], expected, "ChronicleJournal.replay");
            return nanos;
        }
    }

    private static long timeReader(Path dir, long expected) {
        long[] count = {0, 0};
        JournalReader reader = JournalReader.open(dir);
        long t0 = System.nanoTime();
        reader.forEach(e -> {
            count[0]++;
            count[1] += e.type().ordinal(); // touch the record so its building is not optimised away
        });
        long nanos = System.nanoTime() - t0;
        check(count[0], expected, "JournalReader");
        return nanos;
    }

    private static void check(long got, long expected, String what) {
        if (got != expected) {
            throw new IllegalStateException(what + " read " + got + " records, expected " + expected);
        }
    }

    static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
