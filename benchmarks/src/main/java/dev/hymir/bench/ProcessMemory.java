package dev.hymir.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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

    /** {@code VmRSS} in bytes, -1 if unknown. */
    static long rssBytes() {
        return field("VmRSS:");
    }

    /** {@code VmHWM} (the peak RSS since the last {@link #resetPeak}, or since start) in bytes, -1 if unknown. */
    static long peakRssBytes() {
        return field("VmHWM:");
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

    private static long field(String name) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(name)) { // e.g. "VmRSS:	  123456 kB"
                    String[] parts = line.substring(name.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
            return -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** Bytes as MiB with one decimal, or "-" if unknown. */
    static String mib(long bytes) {
        return bytes < 0 ? "-" : String.format(java.util.Locale.ROOT, "%,.1f", bytes / (1024.0 * 1024.0));
    }
}
