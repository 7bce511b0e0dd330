package dev.hymir;

import dev.hymir.JournalEntry.Type;
import dev.hymir.spi.Transition;
import dev.hymir.internal.journal.ChronicleJournal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads a journal directory written by an engine built with {@code HymirEngine.Builder.journal(dir)},
 * for tools ({@code hymir journal dump}) and tests. Read-only: it takes no lock and changes no file,
 * so it may read the journal of a running engine (it sees what was appended so far). The JVM needs
 * the same flags as a journaling engine.
 *
 * <pre>{@code
 * JournalReader.open(dir).forEach(e -> System.out.println(e.workflowId() + " " + e.type() + " " + e.jobId()));
 * }</pre>
 */
public final class JournalReader {
    private final Path dir;

    private JournalReader(Path dir) {
        this.dir = dir;
    }

    /** A reader of the journal in {@code dir}; {@link HymirException} if it holds no journal. */
    public static JournalReader open(Path dir) {
        Args.notNull(dir, "JournalReader.open", "dir");
        ChronicleJournal.checkReadable(dir);
        return new JournalReader(dir);
    }

    /** Feeds every record, in journal order, to {@code sink}. */
    public void forEach(Consumer<JournalEntry> sink) {
        Args.notNull(sink, "JournalReader.forEach", "sink");
        Map<Integer, String> ids = new HashMap<>();
        long[] index = {0};
        ChronicleJournal.read(dir, t -> {
            if (t instanceof Transition.Submitted s) {
                ids.put(s.run(), s.workflowId());
            }
            sink.accept(entry(index[0]++, ids.get(t.run()), t));
        });
    }

    /** Every record, in journal order. */
    public List<JournalEntry> entries() {
        List<JournalEntry> list = new ArrayList<>();
        forEach(list::add);
        return list;
    }

    /** How many records of each type the journal holds (types in {@link JournalEntry.Type} order; absent: none). */
    public Map<JournalEntry.Type, Long> countsByType() {
        Map<JournalEntry.Type, Long> counts = new EnumMap<>(JournalEntry.Type.class);
        forEach(e -> counts.merge(e.type(), 1L, Long::sum));
        return counts;
    }

    /** Workflows up to this many jobs show their definition as JSON; larger ones a summary line. */
    static final int DEFINITION_TEXT_JOBS = 100_000;

    /**
     * A definition as text: the compact JSON of {@code Workflow.toJson}'s object (each distinct predecessor
     * list once) for workflows of up to {@link #DEFINITION_TEXT_JOBS} jobs, which {@code Workflow.fromJson}
     * reads; for larger ones (hundreds of MB as JSON) a summary line.
     */
    private static String definitionText(byte[] definition) {
        if (!WorkflowBinary.isBinary(definition)) {
            return new String(definition, java.nio.charset.StandardCharsets.UTF_8); // JSON, as older journals recorded it
        }
        try {
            int jobs = WorkflowBinary.jobCount(definition); // the header only: a 10^7-job definition is not decoded
            return jobs <= DEFINITION_TEXT_JOBS ? WorkflowBinary.read(definition).toCompactJson()
                    : "(a workflow of " + jobs + " jobs, " + definition.length + " bytes of binary definition: too large to print)";
        } catch (InvalidWorkflow | ArrayIndexOutOfBoundsException e) {
            return "(a definition this version cannot read: " + e.getMessage() + ")";
        }
    }

    private static JournalEntry entry(long index, String id, Transition t) {
        return switch (t) {
            case Transition.Submitted s -> new JournalEntry(index, id, Type.SUBMITTED, null, definitionText(s.definition()));
            case Transition.Started s -> new JournalEntry(index, id, Type.STARTED, job(s.job()), "attempt=" + s.attempt());
            case Transition.Succeeded s -> new JournalEntry(index, id, Type.SUCCEEDED, job(s.job()), s.output() == null ? "" : s.output());
            case Transition.Failed f -> new JournalEntry(index, id, Type.FAILED, job(f.job()), f.exception());
            case Transition.RetryScheduled r -> new JournalEntry(index, id, Type.RETRY, job(r.job()),
                    "retries=" + r.retries() + " due=" + Instant.ofEpochMilli(r.dueEpochMillis()));
            case Transition.CheckLaterScheduled c -> new JournalEntry(index, id, Type.CHECK_LATER, job(c.job()),
                    "due=" + Instant.ofEpochMilli(c.dueEpochMillis()) + " context=" + c.context());
            case Transition.Finished f -> new JournalEntry(index, id, Type.FINISHED, null, f.status().name());
            case Transition.Cancelled c -> new JournalEntry(index, id, Type.CANCELLED, null, "");
            case Transition.Cleared c -> new JournalEntry(index, id, Type.CLEARED, null, "");
            case Transition.Stored s -> new JournalEntry(index, id, Type.STORED, null, "");
        };
    }

    private static String job(int index) {
        return Integer.toString(index + 1);
    }

    @Override
    public String toString() {
        return "JournalReader(" + dir + ")";
    }
}
