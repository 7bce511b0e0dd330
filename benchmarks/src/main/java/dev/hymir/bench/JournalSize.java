package dev.hymir.bench;

import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How big a closed journal directory is, two ways: {@code recordBytes} is what Hymir wrote (every
 * document's payload plus Chronicle's 4-byte document header), {@code dirBytes} the apparent size of
 * the files in the directory. The second includes Chronicle's preallocation: a roll-cycle file is
 * mapped and grown in chunks of tens of MiB (sparse on disk), so for small runs it is mostly empty
 * space and says little per job; the first is the figure to compare per job.
 */
public record JournalSize(long documents, long recordBytes, long dirBytes) {

    public static JournalSize of(Path dir) {
        long documents = 0;
        long recordBytes = 0;
        try (SingleChronicleQueue q = SingleChronicleQueueBuilder.binary(dir.toFile()).readOnly(true).build();
             ExcerptTailer tailer = q.createTailer()) {
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        break;
                    }
                    documents++;
                    recordBytes += dc.wire().bytes().readRemaining() + 4;
                }
            }
        }
        long dirBytes = 0;
        try (var files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                dirBytes += Files.size(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return new JournalSize(documents, recordBytes, dirBytes);
    }
}
