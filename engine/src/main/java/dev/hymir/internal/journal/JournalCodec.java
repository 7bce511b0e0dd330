package dev.hymir.internal.journal;

import dev.hymir.HymirException;
import dev.hymir.WorkflowState;
import dev.hymir.spi.Transition;
import net.openhft.chronicle.bytes.Bytes;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The journal's binary format. A Chronicle document holds a format byte, then records back to back.
 * A record is a type byte, the run key, and its fields; small ints as stop-bit varints, due times as
 * 8-byte longs, text (ids, JSON payloads, exception text) as length-prefixed UTF-8 (a {@code null}
 * text is length -1).
 *
 * <p><b>Format 2</b> (written now) differs from format 1 (still read) in three ways: a Submitted
 * record's definition is bytes (the engine's binary definition), and one larger than {@link #PART}
 * is written as DEFINITION_PART records in documents of their own, ahead of its Submitted (a crash
 * between them leaves parts no Submitted claims: the run was never accepted); and a run of
 * Succeeded records without output for one workflow is one SUCCEEDED_MANY record (the first job,
 * then zigzag gaps), about a byte per job. Changing any of this fails the golden-file test on
 * purpose: bump {@link #FORMAT} and keep reading the old ones.
 */
final class JournalCodec {
    static final byte FORMAT = 2;
    static final byte FORMAT_1 = 1;

    static final byte SUBMITTED = 1;
    static final byte STARTED = 2;
    static final byte SUCCEEDED = 3;
    static final byte FAILED = 4;
    static final byte RETRY = 5;
    static final byte CHECK_LATER = 6;
    static final byte FINISHED = 7;
    static final byte CANCELLED = 8;
    static final byte CLEARED = 9;
    static final byte SUCCEEDED_MANY = 10;
    static final byte DEFINITION_PART = 11;
    static final byte STORED = 12;

    /** Definitions larger than this go in parts, each in a document of its own (Chronicle's documents stay small). */
    static final int PART = 4 << 20;

    private JournalCodec() {
    }

    /**
     * The same bytes as {@code b.writeUtf8(text)} (stop-bit UTF-8 length, then the UTF-8 bytes), in
     * one copy instead of Chronicle's character loop.
     */
    static void writeUtf8Bulk(Bytes<?> b, String text) {
        byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (mayHoldSurrogate(utf8) && hasSurrogate(text)) {
            b.writeUtf8(text); // Chronicle writes each surrogate as 3 bytes, not a 4-byte sequence
            return;
        }
        b.writeStopBit(utf8.length);
        writeBulk(b, utf8, 0, utf8.length);
    }

    /** Raw bytes in slices: one bulk write must fit the mapped chunk it starts in. */
    private static void writeBulk(Bytes<?> b, byte[] bytes, int from, int length) {
        int off = from;
        int end = from + length;
        while (off < end) {
            long room = b.writeRemaining();
            if (room <= 0) {
                b.writeByte(bytes[off++]); // a single byte moves on to the next chunk
                continue;
            }
            int len = (int) Math.min(Math.min(BULK_SLICE, end - off), room);
            b.write(bytes, off, len);
            off += len;
        }
    }

    private static final int BULK_SLICE = 64 * 1024;

    /** A surrogate pair encodes as a 4-byte sequence, an unpaired surrogate as '?': else none. */
    private static boolean mayHoldSurrogate(byte[] utf8) {
        for (byte x : utf8) {
            if (x == '?' || (x & 0xF8) == 0xF0) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code t} is a Submitted whose definition goes in parts ({@link #writeParts}) ahead of it. */
    static boolean isLarge(Transition t) {
        return t instanceof Transition.Submitted s && s.definition().length > PART;
    }

    /** Part {@code k} of a large definition: run, total length, offset, then the bytes. */
    static void writePart(Bytes<?> b, Transition.Submitted s, int k) {
        int offset = k * PART;
        int length = Math.min(PART, s.definition().length - offset);
        head(b, DEFINITION_PART, s.run());
        b.writeStopBit(s.definition().length);
        b.writeStopBit(offset);
        b.writeStopBit(length);
        writeBulk(b, s.definition(), offset, length);
    }

    static int partCount(Transition.Submitted s) {
        return (s.definition().length + PART - 1) / PART;
    }

    /**
     * Writes {@code batch.get(i)} (and, for a payload-less Succeeded, the payload-less Succeeded of the
     * same run right after it, as one record); returns the index of the next record to write.
     */
    static int write(Bytes<?> b, List<Transition> batch, int i) {
        Transition t = batch.get(i);
        if (t instanceof Transition.Succeeded s && s.output() == null) {
            int end = i + 1;
            while (end < batch.size() && batch.get(end) instanceof Transition.Succeeded n && n.output() == null
                    && n.run() == s.run() && end - i < 1_000_000) {
                end++;
            }
            if (end - i > 1) {
                head(b, SUCCEEDED_MANY, s.run());
                b.writeStopBit(end - i);
                long previous = 0;
                for (int k = i; k < end; k++) {
                    int job = ((Transition.Succeeded) batch.get(k)).job();
                    long gap = job - previous;
                    b.writeStopBit((gap << 1) ^ (gap >> 63));
                    previous = job;
                }
                return end;
            }
        }
        write(b, t);
        return i + 1;
    }

    static void write(Bytes<?> b, Transition t) {
        switch (t) {
            case Transition.Submitted s -> {
                head(b, SUBMITTED, s.run());
                b.writeUtf8(s.workflowId());
                if (s.definition().length > PART) {
                    b.writeByte((byte) 1); // in DEFINITION_PART records ahead
                    b.writeStopBit(s.definition().length);
                } else {
                    b.writeByte((byte) 0);
                    b.writeStopBit(s.definition().length);
                    writeBulk(b, s.definition(), 0, s.definition().length);
                }
            }
            case Transition.Started s -> {
                head(b, STARTED, s.run());
                b.writeStopBit(s.job());
                b.writeStopBit(s.attempt());
            }
            case Transition.Succeeded s -> {
                head(b, SUCCEEDED, s.run());
                b.writeStopBit(s.job());
                b.writeUtf8(s.output());
            }
            case Transition.Failed f -> {
                head(b, FAILED, f.run());
                b.writeStopBit(f.job());
                b.writeUtf8(f.exception());
            }
            case Transition.RetryScheduled r -> {
                head(b, RETRY, r.run());
                b.writeStopBit(r.job());
                b.writeStopBit(r.retries());
                b.writeLong(r.dueEpochMillis());
            }
            case Transition.CheckLaterScheduled c -> {
                head(b, CHECK_LATER, c.run());
                b.writeStopBit(c.job());
                b.writeLong(c.dueEpochMillis());
                b.writeUtf8(c.context());
            }
            case Transition.Finished f -> {
                head(b, FINISHED, f.run());
                b.writeUtf8(f.status().name()); // by name: once per run, and immune to reordering
            }
            case Transition.Cancelled c -> head(b, CANCELLED, c.run());
            case Transition.Cleared c -> head(b, CLEARED, c.run());
            case Transition.Stored s -> head(b, STORED, s.run());
        }
    }

    private static void head(Bytes<?> b, byte type, int run) {
        b.writeByte(type);
        b.writeStopBit(run);
    }

    /**
     * Reads the records of one document's body (after its format byte) into {@code sink}.
     * {@code parts} collects large definitions' parts across documents until their Submitted.
     */
    static void read(Bytes<?> b, byte format, Map<Integer, byte[]> parts, Consumer<Transition> sink) {
        while (b.readRemaining() > 0) {
            byte type = b.readByte();
            int run = (int) b.readStopBit();
            switch (type) {
                case SUBMITTED -> sink.accept(format == FORMAT_1
                        ? new Transition.Submitted(run, b.readUtf8(), b.readUtf8())
                        : readSubmitted(b, run, parts));
                case STARTED -> sink.accept(new Transition.Started(run, (int) b.readStopBit(), (int) b.readStopBit()));
                case SUCCEEDED -> sink.accept(new Transition.Succeeded(run, (int) b.readStopBit(), b.readUtf8()));
                case SUCCEEDED_MANY -> {
                    long count = b.readStopBit();
                    long job = 0;
                    for (long k = 0; k < count; k++) {
                        long z = b.readStopBit();
                        job += (z >>> 1) ^ -(z & 1);
                        sink.accept(new Transition.Succeeded(run, (int) job, null));
                    }
                }
                case FAILED -> sink.accept(new Transition.Failed(run, (int) b.readStopBit(), b.readUtf8()));
                case RETRY -> sink.accept(new Transition.RetryScheduled(run, (int) b.readStopBit(), (int) b.readStopBit(), b.readLong()));
                case CHECK_LATER -> sink.accept(new Transition.CheckLaterScheduled(run, (int) b.readStopBit(), b.readLong(), b.readUtf8()));
                case FINISHED -> sink.accept(new Transition.Finished(run, WorkflowState.Status.valueOf(b.readUtf8())));
                case CANCELLED -> sink.accept(new Transition.Cancelled(run));
                case CLEARED -> sink.accept(new Transition.Cleared(run));
                case DEFINITION_PART -> readPart(b, run, parts);
                case STORED -> sink.accept(new Transition.Stored(run));
                default -> throw new HymirException("journal record of unknown type " + type + " (run key " + run
                        + "): the journal was written by a newer Hymir, or is corrupt");
            }
        }
    }

    private static Transition.Submitted readSubmitted(Bytes<?> b, int run, Map<Integer, byte[]> parts) {
        String id = b.readUtf8();
        boolean inParts = b.readByte() == 1;
        int length = (int) b.readStopBit();
        byte[] definition;
        if (inParts) {
            definition = parts.remove(run);
            if (definition == null || definition.length != length) {
                throw new HymirException("journal: the definition of workflow " + id + " (run key " + run + ") is "
                        + (definition == null ? "missing" : definition.length + " bytes, not " + length) + ": the journal is corrupt");
            }
        } else {
            definition = new byte[length];
            readFully(b, definition, 0, length);
        }
        return new Transition.Submitted(run, id, definition);
    }

    private static void readPart(Bytes<?> b, int run, Map<Integer, byte[]> parts) {
        int total = (int) b.readStopBit();
        int offset = (int) b.readStopBit();
        int length = (int) b.readStopBit();
        byte[] whole = parts.computeIfAbsent(run, k -> new byte[total]);
        if (whole.length != total || offset + length > total) {
            throw new HymirException("journal: a definition part of run key " + run + " does not fit (" + offset + "+" + length
                    + " of " + total + "): the journal is corrupt");
        }
        readFully(b, whole, offset, length);
    }

    private static void readFully(Bytes<?> b, byte[] into, int offset, int length) {
        int done = 0;
        while (done < length) {
            int n = b.read(into, offset + done, length - done);
            if (n <= 0) {
                throw new HymirException("journal: a record ends " + (length - done) + " bytes short: the journal is corrupt");
            }
            done += n;
        }
    }

    /** A fresh map for {@link #read}'s parts. */
    static Map<Integer, byte[]> newParts() {
        return new HashMap<>();
    }
}
