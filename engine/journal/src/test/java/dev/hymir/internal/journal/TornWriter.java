package dev.hymir.internal.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.file.Path;

/**
 * Writes part of a journal document and never finishes it. As a child process ({@link #main}) it
 * halts with the document open, like a process killed mid-write.
 */
public final class TornWriter {
    static final int HALT_STATUS = 77;

    private TornWriter() {
    }

    public static void main(String[] args) {
        writeTorn(Path.of(args[0]), true);
    }

    static void writeTorn(Path dir, boolean halt) {
        JournalPreconditions.disableAnalytics();
        SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir.toFile()).build();
        ExcerptAppender appender = queue.createAppender();
        DocumentContext dc = appender.writingDocument();
        Bytes<?> b = dc.wire().bytes();
        b.writeByte(JournalCodec.FORMAT);
        b.writeByte(JournalCodec.STARTED);
        b.writeStopBit(0); // run key, then nothing: half a record
        if (halt) {
            Runtime.getRuntime().halt(HALT_STATUS);
        }
        dc.rollbackOnClose();
        dc.close();
        appender.close();
        queue.close();
    }
}
