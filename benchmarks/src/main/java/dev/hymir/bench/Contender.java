package dev.hymir.bench;

/**
 * One way of running a {@link Shape} of no-op jobs. The harness calls {@link #prepare} (the contender
 * builds whatever it needs: counters, futures, its own graph), measures the heap the prepared run
 * holds, then calls {@link Prepared#execute()}; wall time is prepare + execute (the GC in between is
 * not counted). Every job must call {@link ExecutionCounter#ran(int)} exactly once.
 */
public interface Contender {
    String name();

    /**
     * Largest shape (in jobs) this contender is run at; bigger shapes are recorded as skipped. Used for
     * contenders known not to finish big shapes within {@link #capSeconds()}.
     */
    default int maxJobs() {
        return Integer.MAX_VALUE;
    }

    /** A run that takes longer is abandoned and recorded as "skipped: cap". */
    default int capSeconds() {
        return 120;
    }

    /**
     * Why this contender cannot run on this machine (e.g. {@code "no redis-server"}), or null if it
     * can; every row of an unavailable contender is recorded as {@code "skipped: <reason>"}.
     */
    default String unavailable() {
        return null;
    }

    /**
     * Called before each run, outside the timed region and before the heap baseline: for set-up whose
     * cost is not the contender's (e.g. reading a store's memory use before the run).
     */
    default void beforeRun() throws Exception {
    }

    Prepared prepare(Shape shape, ExecutionCounter counter) throws Exception;

    /** A run ready to start. */
    interface Prepared {
        /** Runs every job and returns when all have finished. */
        void execute() throws Exception;

        /**
         * True for contenders whose state only exists once the run started (an engine compiles and
         * allocates in {@code execute}): their heap figure is taken after {@code execute}, before
         * {@link #release()}.
         */
        default boolean holdsStateAfterExecute() {
            return false;
        }

        /** Frees what the run still holds; called after the heap was measured. */
        default void release() {
        }

        /** For a journaling contender: the size of its journal, measured in {@link #release()}; else null. */
        default JournalSize journalSize() {
            return null;
        }

        /**
         * For a contender with a Redis state store: bytes Redis holds for the run (what it wrote),
         * measured in {@link #release()}; else null.
         */
        default Long redisBytes() {
            return null;
        }

        /** Called when the harness gives up on a run that exceeded the cap: stop threads if possible. */
        default void abandon() {
        }
    }
}
