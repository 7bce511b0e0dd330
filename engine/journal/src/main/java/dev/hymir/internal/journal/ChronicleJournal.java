package dev.hymir.internal.journal;

import dev.hymir.HymirException;
import dev.hymir.JournalDurability;
import dev.hymir.spi.Journal;
import dev.hymir.spi.Transition;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The {@link Journal} on a Chronicle Queue directory. One appender, used by one pass of the core at a time;
 * each {@link #append} writes the batch as one document (or several past {@link #MAX_DOCUMENT}
 * bytes), so a process killed mid-write leaves at most one unfinished document, which Chronicle
 * skips on reopen. The directory is locked ({@code hymir.lock}) from open to {@link #close}:
 * Chronicle itself would let two writers interleave.
 *
 * <p><b>Retention</b> (optional) runs once, in {@link #deleteDone} right after {@link #replay}: a
 * roll-cycle file other than the newest in which every run that has a record is done (the engine
 * says: finished or cleared, and stored where it has a state store) is deleted;
 * no tailer is open then. Runs whose records are deleted are no longer known after a restart.
 */
public final class ChronicleJournal implements Journal {
    private static final Logger LOG = LoggerFactory.getLogger(ChronicleJournal.class);
    /** A batch is split into documents of about this size, so no document nears Chronicle's limit. */
    static final long MAX_DOCUMENT = 1 << 20;

    /** How to open a journal; {@code rollCycle}/{@code timeProvider} null for Chronicle's defaults. */
    public record Options(Path dir, JournalDurability durability, boolean deleteFinishedFiles,
                          RollCycle rollCycle, TimeProvider timeProvider) {
    }

    private final Path dir;
    private final boolean sync;
    private final boolean retention;
    private final FileChannel lock;
    private final SingleChronicleQueue queue;
    private ExcerptAppender appender; // used one pass of the core at a time
    private boolean closed;
    private int syncedCycle = Integer.MIN_VALUE; // POWER_LOSS: the cycle whose directory entry was fsynced
    // For the meters (bindMeters): written by the one appending thread, read by a scrape at any time.
    private volatile long bytesAppended;
    private volatile long syncs;
    private volatile long syncNanos;
    private volatile long filesDeleted;
    private long documentBytes; // bytes of the documents written by the current append

    private ChronicleJournal(Options o, FileChannel lock, SingleChronicleQueue queue) {
        this.dir = o.dir();
        this.sync = o.durability() == JournalDurability.POWER_LOSS;
        this.retention = o.deleteFinishedFiles();
        this.lock = lock;
        this.queue = queue;
    }

    /** Checks the JVM and the directory, locks it and opens the queue; {@link HymirException} if any fails. */
    public static ChronicleJournal open(Options o) {
        JournalPreconditions.disableAnalytics();
        JournalPreconditions.checkJvmFlags();
        JournalPreconditions.checkDirectory(o.dir());
        FileChannel lock = JournalPreconditions.lock(o.dir());
        try {
            SingleChronicleQueueBuilder b = SingleChronicleQueueBuilder.binary(o.dir().toFile());
            if (o.durability() == JournalDurability.POWER_LOSS) {
                b.syncMode(SyncMode.SYNC);
            }
            if (o.rollCycle() != null) {
                b.rollCycle(o.rollCycle());
            }
            if (o.timeProvider() != null) {
                b.timeProvider(o.timeProvider());
            }
            return new ChronicleJournal(o, lock, b.build());
        } catch (Exception e) { // Chronicle also throws checked exceptions undeclared
            JournalPreconditions.close(lock);
            throw new HymirException("cannot open the journal in " + o.dir() + ": " + e, e);
        }
    }

    /** Throws unless {@code dir} looks like a journal that {@link #read} can read. */
    public static void checkReadable(Path dir) {
        JournalPreconditions.disableAnalytics();
        JournalPreconditions.checkJvmFlags();
        if (!java.nio.file.Files.isDirectory(dir) || !java.nio.file.Files.exists(dir.resolve("metadata.cq4t"))) {
            throw new HymirException("no journal in " + dir + " (expected a directory with Chronicle Queue files)");
        }
        JournalPreconditions.checkDirectory(dir);
    }

    /**
     * Reads every transition of the journal in {@code dir} without locking or changing it (a read-only
     * queue), for {@code JournalReader}.
     */
    public static void read(Path dir, Consumer<Transition> sink) {
        SingleChronicleQueue queue;
        try {
            queue = SingleChronicleQueueBuilder.binary(dir.toFile()).readOnly(true).build();
        } catch (Exception e) {
            throw new HymirException("cannot open the journal in " + dir + ": " + e, e);
        }
        try (queue) {
            readAll(queue, dir, sink, null, null, null);
        }
    }

    @Override
    public void append(List<Transition> batch) {
        if (appender == null) {
            appender = queue.createAppender();
            // The engine's core appends one pass at a time, from whichever thread has the core (its
            // lock orders them): the appender is never used by two threads at once, but by many in turn.
            appender.singleThreadedCheckDisabled(true);
        }
        int i = 0;
        int n = batch.size();
        documentBytes = 0;
        while (i < n) {
            if (JournalCodec.isLarge(batch.get(i))) { // a large definition: its parts, each a document of its own
                Transition.Submitted s = (Transition.Submitted) batch.get(i);
                for (int k = 0; k < JournalCodec.partCount(s); k++) {
                    int part = k;
                    writeDocument(b -> JournalCodec.writePart(b, s, part));
                }
            }
            int from = i;
            int[] next = {i};
            writeDocument(b -> {
                long start = b.writePosition();
                do {
                    next[0] = JournalCodec.write(b, batch, next[0]);
                } while (next[0] < n && !JournalCodec.isLarge(batch.get(next[0])) && b.writePosition() - start < MAX_DOCUMENT);
            });
            i = next[0];
            assert i > from;
        }
        bytesAppended += documentBytes;
        if (sync) {
            long started = System.nanoTime();
            appender.sync(); // msync(MS_SYNC) of the mapped pages up to the end of this batch
            int cycle = appender.cycle();
            if (cycle != syncedCycle) {
                syncDirectory(); // a new cycle file: make its directory entry durable too
                syncedCycle = cycle;
            }
            syncNanos += System.nanoTime() - started;
            syncs++;
        }
    }

    /**
     * Registers this journal's own meters with {@code tags} (the engine's): bytes appended, files deleted
     * by retention and, in POWER_LOSS mode, the time of each sync. They read counters the journal keeps
     * anyway; the engine removes them (by its tag) when it closes.
     */
    @Override
    public void bindMeters(MeterRegistry registry, Tags tags) {
        FunctionCounter.builder("hymir.journal.bytes", this, j -> j.bytesAppended).tags(tags).baseUnit("bytes")
                .description("bytes of documents appended to the journal").register(registry);
        FunctionCounter.builder("hymir.journal.retention.deleted", this, j -> j.filesDeleted).tags(tags)
                .description("journal roll-cycle files deleted by retention when the engine was built").register(registry);
        if (sync) {
            FunctionTimer.builder("hymir.journal.sync.duration", this, j -> j.syncs, j -> j.syncNanos, TimeUnit.NANOSECONDS)
                    .tags(tags).description("time of the msync (and directory fsync) after each append, POWER_LOSS mode")
                    .register(registry);
        }
    }

    /** One document: the format byte, then what {@code body} writes; never left half written on an error. */
    private void writeDocument(java.util.function.Consumer<Bytes<?>> body) {
        DocumentContext dc = appender.writingDocument();
        try {
            Bytes<?> b = dc.wire().bytes();
            long start = b.writePosition();
            b.writeByte(JournalCodec.FORMAT);
            body.accept(b);
            documentBytes += b.writePosition() - start;
        } catch (RuntimeException | Error e) {
            dc.rollbackOnClose(); // never leave half a batch readable
            throw e;
        } finally {
            dc.close();
        }
    }

    /** fsync of the directory, so a newly created cycle file is found after power loss. */
    private void syncDirectory() {
        try (FileChannel d = FileChannel.open(dir, java.nio.file.StandardOpenOption.READ)) {
            d.force(true);
        } catch (java.io.IOException e) {
            throw new HymirException("cannot fsync the journal directory " + dir + ": " + e, e);
        }
    }

    @Override
    public void replay(Consumer<Transition> sink) {
        runsByCycle = retention ? new TreeMap<>() : null;
        fileByCycle = new HashMap<>();
        submittedIn = new HashMap<>();
        readAll(queue, dir, sink, runsByCycle, fileByCycle, submittedIn);
    }

    /** Retention: deletes the roll-cycle files, other than the newest, in which every run is done. */
    @Override
    public Set<Integer> deleteDone(java.util.function.IntPredicate done) {
        if (runsByCycle == null) {
            return Set.of();
        }
        Set<Integer> deleted = deleteFinished(runsByCycle, fileByCycle, submittedIn, done);
        runsByCycle = null;
        fileByCycle = null;
        submittedIn = null;
        return deleted;
    }

    private Map<Integer, Set<Integer>> runsByCycle; // from replay to deleteDone
    private Map<Integer, File> fileByCycle;
    private Map<Integer, Integer> submittedIn;     // run key -> the cycle of its Submitted record

    /** Reads every document; with {@code runsByCycle}, also notes which runs each cycle file holds. */
    private static void readAll(SingleChronicleQueue queue, Path dir, Consumer<Transition> sink,
                                Map<Integer, Set<Integer>> runsByCycle, Map<Integer, File> fileByCycle,
                                Map<Integer, Integer> submittedIn) {
        RollCycle rollCycle = queue.rollCycle();
        Map<Integer, byte[]> parts = JournalCodec.newParts();
        try (ExcerptTailer tailer = queue.createTailer()) {
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        break;
                    }
                    Bytes<?> b = dc.wire().bytes();
                    byte format = b.readByte();
                    if (format != JournalCodec.FORMAT && format != JournalCodec.FORMAT_1) {
                        throw new HymirException("journal " + dir + " has a document of format " + format
                                + " at index " + Long.toHexString(dc.index()) + "; this Hymir reads formats 1 and " + JournalCodec.FORMAT);
                    }
                    Set<Integer> cycleRuns = null;
                    if (runsByCycle != null) {
                        int cycle = rollCycle.toCycle(dc.index());
                        cycleRuns = runsByCycle.computeIfAbsent(cycle, c -> new HashSet<>());
                        fileByCycle.putIfAbsent(cycle, tailer.currentFile());
                    }
                    Set<Integer> runs = cycleRuns;
                    int cycle = rollCycle.toCycle(dc.index());
                    JournalCodec.read(b, format, parts, t -> {
                        if (runs != null) {
                            runs.add(t.run());
                            if (t instanceof Transition.Submitted) {
                                submittedIn.put(t.run(), cycle);
                            }
                        }
                        sink.accept(t);
                    });
                }
            }
        } catch (HymirException e) {
            throw e;
        } catch (Exception e) { // Chronicle also throws checked exceptions (StreamCorruptedException) undeclared
            throw new HymirException("cannot read the journal in " + dir + " (corrupt, or not a Hymir journal): " + e, e);
        }
    }

    private Set<Integer> deleteFinished(Map<Integer, Set<Integer>> runsByCycle, Map<Integer, File> fileByCycle,
                                        Map<Integer, Integer> submittedIn, java.util.function.IntPredicate done) {
        int newest = queue.lastCycle();
        boolean deleted = false;
        Set<Integer> forgotten = new HashSet<>();
        for (Map.Entry<Integer, Set<Integer>> e : runsByCycle.entrySet()) {
            int cycle = e.getKey();
            File file = fileByCycle.get(cycle);
            if (cycle >= newest || file == null || !e.getValue().stream().allMatch(done::test)) {
                continue; // the newest file is still written to; others hold unfinished runs
            }
            if (file.delete()) {
                deleted = true;
                filesDeleted++;
                for (int run : e.getValue()) {
                    if (submittedIn.getOrDefault(run, -1) == cycle) {
                        forgotten.add(run);
                    }
                }
                LOG.info("journal retention: deleted {} (all its workflows finished, and stored where the engine has a state store)",
                        file);
            }
        }
        if (deleted) {
            queue.refreshDirectoryListing();
        }
        return forgotten;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (appender != null) {
                appender.close();
            }
            queue.close();
        } finally {
            JournalPreconditions.close(lock);
        }
    }

    @Override
    public String toString() {
        return "ChronicleJournal(" + dir + (sync ? ", POWER_LOSS" : ", PROCESS_CRASH") + (retention ? ", retention" : "") + ")";
    }
}
