package dev.hymir;

import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures what the journal costs (not a test; numbers go to the README). Run from the repository
 * root after {@code mvn -q -pl engine,integration-tests test-compile}:
 *
 * <pre>
 * source bin/env.sh
 * mvn -q -pl engine dependency:build-classpath -Dmdep.outputFile=/tmp/it.cp -Dmdep.includeScope=test
 * java -Xmx4g $(flags: the parent pom's hymir.jvm.flags) \
 *   -cp integration-tests/target/test-classes:engine/target/classes:$(cat /tmp/it.cp) dev.hymir.JournalCost 1000000
 * </pre>
 *
 * For a fan-out of N no-op jobs: jobs/s with the journal off, PROCESS_CRASH and POWER_LOSS (best of
 * 3 rounds, run() to await); journal bytes per job; replay rate; and recovery of the workflow halted
 * halfway (build() of a new engine, then await).
 */
public final class JournalCost {
    private JournalCost() {
    }

    @JobFunction
    public static void noop(int i) {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        List<Step> steps = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            steps.add(Job.of(JournalCost::noop).set(i));
        }
        Workflow wf = Workflow.of(Group.of(steps));
        Path root = Files.createTempDirectory("journal-cost");
        double off = 0;
        double crash = 0;
        double power = 0;
        Path last = null;
        for (int round = 0; round < 3; round++) {
            off = Math.max(off, run(wf, n, HymirEngine.builder()));
            last = root.resolve("crash-" + round);
            crash = Math.max(crash, run(wf, n, HymirEngine.builder().journal(last)));
            power = Math.max(power, run(wf, n, HymirEngine.builder().journal(root.resolve("power-" + round))
                    .journalDurability(JournalDurability.POWER_LOSS)));
        }
        System.out.printf("%,d no-op jobs, fan-out: journal off %,.0f jobs/s; PROCESS_CRASH %,.0f jobs/s (%.0f%%);"
                + " POWER_LOSS %,.0f jobs/s (%.0f%%)%n", n, off, crash, 100 * crash / off, power, 100 * power / off);

        long[] bytes = journalBytes(last);
        System.out.printf("journal: %,d documents, %,d bytes of records (+4 B header each): %.1f bytes per job"
                + " (the Submitted record with the definition JSON is %,d bytes)%n", bytes[0], bytes[1],
                (double) bytes[1] / n, bytes[2]);

        long records = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            long[] count = {0};
            JournalReader.open(last).forEach(e -> count[0]++);
            records = count[0];
        }
        double replaySeconds = (System.nanoTime() - t0) / 3e9;
        System.out.printf("replay (JournalReader, page cache warm): %,d records in %.0f ms = %,.0f records/s%n",
                records, replaySeconds * 1000, records / replaySeconds);

        Path halfway = root.resolve("halfway");
        dev.hymir.testing.CrashableJournal journal = dev.hymir.testing.CrashableJournal.open(halfway);
        HymirEngine first = HymirEngine.builder().journal(journal).build();
        String id = first.run(wf);
        while (first.progress(id).finished() < n / 2) {
            Thread.sleep(1);
        }
        journal.crash(); // as kill -9: nothing more is journaled
        long atHalt = first.progress(id).finished(); // the poll above is coarse: more may have finished
        first.close();   // journals nothing more: the engine stops as after a crash
        long t1 = System.nanoTime();
        try (HymirEngine second = HymirEngine.builder().journal(halfway).build()) {
            long t2 = System.nanoTime();
            second.await(id);
            long t3 = System.nanoTime();
            System.out.printf("recovery of the %,d-job workflow halted at %,d finished: build() (replay + rebuild)"
                    + " %,d ms, then the rest ran in %,d ms%n", n, atHalt, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);
        }
    }

    private static double run(Workflow wf, int n, HymirEngine.Builder builder) {
        try (HymirEngine engine = builder.build()) {
            long t0 = System.nanoTime();
            String id = engine.run(wf);
            engine.await(id);
            return n / ((System.nanoTime() - t0) / 1e9);
        }
    }

    /** {documents, record bytes, largest document}. */
    private static long[] journalBytes(Path dir) {
        long[] r = new long[3];
        try (SingleChronicleQueue q = SingleChronicleQueueBuilder.binary(dir.toFile()).readOnly(true).build();
             ExcerptTailer tailer = q.createTailer()) {
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        break;
                    }
                    long size = dc.wire().bytes().readRemaining();
                    r[0]++;
                    r[1] += size;
                    r[2] = Math.max(r[2], size);
                }
            }
        }
        return r;
    }
}
