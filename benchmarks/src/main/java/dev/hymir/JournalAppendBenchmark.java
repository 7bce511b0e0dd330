package dev.hymir;

import dev.hymir.spi.Transition;
import dev.hymir.internal.journal.ChronicleJournal;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Journal append per event: {@link ChronicleJournal#append} (what the scheduler loop calls once per
 * drained batch) of a batch of {@code batch} transitions, half Started and half Succeeded (no output,
 * as for no-op jobs), job indices spread up to 10^6 so the varints have realistic widths. PROCESS_CRASH
 * durability (the default: the batch lands in the memory-mapped file, no msync). The batch is built in
 * {@code @Setup}; the journal is opened in a fresh temporary directory per iteration (and deleted
 * after it) so the file does not grow without bound. {@code append:events} = events per second; ns
 * per event = 10^9 / that.
 *
 * <pre>
 * benchmarks/jmh JournalAppendBenchmark
 * benchmarks/jmh JournalAppendBenchmark -p batch=1000
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class JournalAppendBenchmark {

    /** Transitions per append call (one scheduler drain). */
    @Param({"1", "100", "10000"})
    public int batch;

    private List<Transition> transitions;
    private Path dir;
    private ChronicleJournal journal;

    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Events {
        public long events;

        @Setup(Level.Iteration)
        public void reset() {
            events = 0;
        }
    }

    @Setup(Level.Trial)
    public void build() {
        transitions = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            int job = (int) ((i * 7_919L) % 1_000_000);
            transitions.add(i % 2 == 0 ? new Transition.Started(0, job, 0) : new Transition.Succeeded(0, job, null));
        }
    }

    @Setup(Level.Iteration)
    public void open() throws IOException {
        dir = Files.createTempDirectory("hymir-jmh-journal");
        journal = ChronicleJournal.open(new ChronicleJournal.Options(dir, JournalDurability.PROCESS_CRASH, false, null, null));
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException {
        journal.close();
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Benchmark
    public void append(Events counter) {
        journal.append(transitions);
        counter.events += batch;
    }
}
