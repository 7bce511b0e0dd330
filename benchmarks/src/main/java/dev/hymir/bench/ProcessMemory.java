package dev.hymir.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The process's resident set size from {@code /proc/self/status} (Linux): {@code VmRSS} now and
 * {@code VmHWM}, its peak. The peak is reset by writing {@code 5} to {@code /proc/self/clear_refs}
 * (Linux 4.0+), so a peak read after a measurement is the peak during it. Off Linux every figure is -1.
 *
 * <p>RSS counts every page of the JVM that is in memory: heap pages once touched stay resident (G1 does
 * not give back memory below {@code -Xms}), so after a big run the RSS stays high and a later, smaller
 * run's peak is at least that. Read it with the heap settings and what ran before in mind.
 */
final class ProcessMemory {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    private ProcessMemory() {
    }

    /**
     * {@code VmHWM} (the peak RSS since the last {@link #resetPeak}, or since start) and {@code VmRSS}
     * (now), in bytes, from one read of the status file (so peak >= now); -1 if unknown.
     */
    record Rss(long peakBytes, long bytes) {
    }

    static Rss read() {
        try {
            List<String> lines = Files.readAllLines(STATUS);
            return new Rss(field(lines, "VmHWM:"), field(lines, "VmRSS:"));
        } catch (IOException e) {
            return new Rss(-1, -1);
        }
    }

    /** {@code VmRSS} in bytes, -1 if unknown. */
    static long rssBytes() {
        return read().bytes();
    }

    /** Resets the peak to the current RSS; false if this system cannot (the peak is then since start). */
    static boolean resetPeak() {
        try {
            Files.writeString(CLEAR_REFS, "5");
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    private static long field(List<String> lines, String name) {
        for (String line : lines) {
            if (line.startsWith(name)) { // e.g. "VmRSS:	  123456 kB"
                try {
                    return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]) * 1024;
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    /** Bytes as MiB with one decimal, or "-" if unknown. */
    static String mib(long bytes) {
        return bytes < 0 ? "-" : String.format(java.util.Locale.ROOT, "%,.1f", bytes / (1024.0 * 1024.0));
    }
}
