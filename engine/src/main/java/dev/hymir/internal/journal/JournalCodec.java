package dev.hymir.internal.journal;

import dev.hymir.HymirException;
import dev.hymir.WorkflowState;
import dev.hymir.spi.Transition;
import net.openhft.chronicle.bytes.Bytes;

/**
 * The journal's binary format. A Chronicle document holds one batch (or a part of one): a format
 * byte, then records back to back. A record is a type byte, the run key, and its fields; small ints
 * as stop-bit varints, due times as 8-byte longs, text (ids, JSON payloads, exception text) as
 * length-prefixed UTF-8 (a {@code null} text is length -1). A Started record is 4 bytes for the
 * first 128 runs and jobs below 16384. Changing any of this fails the golden-file test on purpose:
 * bump {@link #FORMAT} and keep reading the old one.
 */
final class JournalCodec {
    static final byte FORMAT = 1;

    static final byte SUBMITTED = 1;
    static final byte STARTED = 2;
    static final byte SUCCEEDED = 3;
    static final byte FAILED = 4;
    static final byte RETRY = 5;
    static final byte CHECK_LATER = 6;
    static final byte FINISHED = 7;
    static final byte CANCELLED = 8;
    static final byte CLEARED = 9;

    private JournalCodec() {
    }

    /**
     * The same bytes as {@code b.writeUtf8(text)} (stop-bit UTF-8 length, then the UTF-8 bytes), in
     * one copy instead of Chronicle's character loop: a definition is megabytes of JSON.
     */
    static void writeUtf8Bulk(Bytes<?> b, String text) {
        byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (mayHoldSurrogate(utf8) && hasSurrogate(text)) {
            b.writeUtf8(text); // Chronicle writes each surrogate as 3 bytes, not a 4-byte sequence
            return;
        }
        b.writeStopBit(utf8.length);
        // In slices: one bulk write must fit the mapped chunk it starts in (a definition can be
        // 100 MB); a single writeByte moves on to the next chunk, as Chronicle's writeUtf8 does.
        int off = 0;
        while (off < utf8.length) {
            long room = b.writeRemaining();
            if (room <= 0) {
                b.writeByte(utf8[off++]);
                continue;
            }
            int len = (int) Math.min(Math.min(BULK_SLICE, utf8.length - off), room);
            b.write(utf8, off, len);
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

    static void write(Bytes<?> b, Transition t) {
        switch (t) {
            case Transition.Submitted s -> {
                head(b, SUBMITTED, s.run());
                b.writeUtf8(s.workflowId());
                writeUtf8Bulk(b, s.definition());
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
        }
    }

    private static void head(Bytes<?> b, byte type, int run) {
        b.writeByte(type);
        b.writeStopBit(run);
    }

    /** Reads one record; {@code b} is positioned at its type byte. */
    static Transition read(Bytes<?> b) {
        byte type = b.readByte();
        int run = (int) b.readStopBit();
        return switch (type) {
            case SUBMITTED -> new Transition.Submitted(run, b.readUtf8(), b.readUtf8());
            case STARTED -> new Transition.Started(run, (int) b.readStopBit(), (int) b.readStopBit());
            case SUCCEEDED -> new Transition.Succeeded(run, (int) b.readStopBit(), b.readUtf8());
            case FAILED -> new Transition.Failed(run, (int) b.readStopBit(), b.readUtf8());
            case RETRY -> new Transition.RetryScheduled(run, (int) b.readStopBit(), (int) b.readStopBit(), b.readLong());
            case CHECK_LATER -> new Transition.CheckLaterScheduled(run, (int) b.readStopBit(), b.readLong(), b.readUtf8());
            case FINISHED -> new Transition.Finished(run, WorkflowState.Status.valueOf(b.readUtf8()));
            case CANCELLED -> new Transition.Cancelled(run);
            case CLEARED -> new Transition.Cleared(run);
            default -> throw new HymirException("journal record of unknown type " + type + " (run key " + run
                    + "): the journal was written by a newer Hymir, or is corrupt");
        };
    }
}
