package dev.hymir.cli;

import dev.hymir.JournalEntry;
import dev.hymir.JournalReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What one pass over a journal tells the CLI: records by type (by their lowercase labels, sorted, as
 * {@code hymir journal stats} prints them), which workflows were submitted and
 * which of them ended (finished, cancelled or cleared). A workflow submitted and not ended is
 * unfinished: an engine built on the directory resumes it.
 */
record JournalScan(Map<String, Long> countsByType, Set<String> submitted, Map<String, String> ended) {

    /** Reads the whole journal in {@code dir} once; HymirException when it is not a journal. */
    static JournalScan of(Path dir) {
        Map<String, Long> counts = new TreeMap<>();
        Set<String> submitted = new LinkedHashSet<>();
        Map<String, String> ended = new LinkedHashMap<>();
        JournalReader.open(dir).forEach(e -> {
            counts.merge(e.type().label(), 1L, Long::sum);
            if (e.workflowId() == null) {
                return; // its submission was in a file retention deleted: nothing to resume
            }
            switch (e.type()) {
                case SUBMITTED -> submitted.add(e.workflowId());
                case FINISHED -> ended.put(e.workflowId(), e.detail());
                case CANCELLED -> ended.put(e.workflowId(), "CANCELLED");
                case CLEARED -> ended.putIfAbsent(e.workflowId(), "CLEARED");
                case STARTED, SUCCEEDED, FAILED, RETRY, CHECK_LATER -> { }
            }
        });
        return new JournalScan(counts, submitted, ended);
    }

    /** Ids of the workflows an engine on this journal resumes, in submission order. */
    List<String> unfinished() {
        List<String> ids = new ArrayList<>();
        for (String id : submitted) {
            if (!ended.containsKey(id)) {
                ids.add(id);
            }
        }
        return ids;
    }

    long total() {
        return countsByType.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Whether {@code dir} holds a journal at all (Chronicle writes metadata.cq4t first). */
    static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve("metadata.cq4t"));
    }

    /** How many records of {@code workflowId} the journal holds. */
    static long recordsOf(Path dir, String workflowId) {
        long[] n = {0};
        JournalReader.open(dir).forEach((JournalEntry e) -> {
            if (workflowId.equals(e.workflowId())) {
                n[0]++;
            }
        });
        return n[0];
    }

    /** The journal's data files (*.cq4), sorted by name. */
    static List<Path> files(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".cq4")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Bytes of the data files as the file system reports them. Chronicle grows its memory-mapped
     * files in large chunks, so this is the space reserved, not the bytes of records written.
     */
    static long sizeBytes(Path dir) {
        long sum = 0;
        for (Path f : files(dir)) {
            try {
                sum += Files.size(f);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sum;
    }
}
