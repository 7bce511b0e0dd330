package dev.hymir;

/**
 * How far a journaled batch of transitions is on its way to disk when the engine acts on it
 * ({@code HymirEngine.builder().journalDurability(...)}). Named after what each survives.
 */
public enum JournalDurability {
    /**
     * The default. Each batch is written to the journal's memory-mapped file before its effects;
     * the operating system writes it to disk later (typically within 5–30 s). Survives the process
     * dying in any way (kill -9, OOM, crash): nothing journaled is lost, and a batch the process was
     * writing when it died is skipped on replay. Does not survive power loss or a kernel crash: the
     * last seconds of batches may be lost, and Chronicle's file format has no checksum.
     */
    PROCESS_CRASH,

    /**
     * Additionally forces each batch's mapped pages to disk ({@code msync(MS_SYNC)}) before its effects.
     * Survives power loss for every batch whose effects were visible, on a disk that honours flushes.
     * Costs one synchronous flush per batch (milliseconds on ordinary disks), paid once per scheduler
     * drain rather than per job; the directory is fsynced when a batch lands in a new (daily) file.
     * Not covered: Chronicle's format has no per-record checksum to detect a torn sector.
     */
    POWER_LOSS
}
