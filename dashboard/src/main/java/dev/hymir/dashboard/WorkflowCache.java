package dev.hymir.dashboard;

import dev.hymir.WorkflowDoesNotExist;
import dev.hymir.WorkflowReader;
import dev.hymir.WorkflowState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * What the dashboard has read from its {@link WorkflowReader}, so that every open page and stream
 * shares one read per update interval instead of making its own (a Redis reader's HGETALL of a
 * 10^5-job workflow is tens of ms).
 *
 * <ul>
 *   <li>The listing (ids with their status) is re-read at most once per interval; the status of a
 *       finished workflow is not read again.</li>
 *   <li>A finished workflow's summary is kept until its id disappears; a running one's is re-read
 *       at most once per interval.</li>
 *   <li>Job states and definitions (diagram and layout included) are kept for the few workflows
 *       last looked at; definitions never change, states of finished workflows neither.</li>
 * </ul>
 * Reads of one workflow are serialised by a per-id lock, so concurrent pages wait for one read rather
 * than repeat it; no lock is held while a stream sleeps. A read that is slow compared with the
 * interval is repeated less often (at most half the time is spent reading).
 */
final class WorkflowCache {
    private static final int KEPT_DEFINITIONS = 8;
    /** Jobs in the definitions kept: a parsed 10^5-job definition is tens of MB. */
    private static final long KEPT_DEFINITION_JOBS = 400_000;
    private static final int KEPT_STATES = 16;
    /** Shapes are kept for as many workflows as there can be open streams. */
    private static final int KEPT_SHAPES = Streams.MAX_STREAMS;

    private final WorkflowReader reader;
    private final long maxAgeNanos;
    private final ReentrantLock listingLock = new ReentrantLock();
    private volatile Listing listing;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    private final AtomicLong firstSeen = new AtomicLong();
    private final Lru<Definition> definitions = new Lru<>(KEPT_DEFINITIONS, KEPT_DEFINITION_JOBS, Definition::size);
    private final Lru<Definition.Shape> shapes = new Lru<>(KEPT_SHAPES, Long.MAX_VALUE, s -> 1);
    private final Lru<Timed<States>> states = new Lru<>(KEPT_STATES, Long.MAX_VALUE, s -> 1);

    /** Workflow ids with their status, newest first (by when this dashboard first saw them). */
    /**
     * @param unreadable workflows whose state could not be read (a key another program wrote, a
     *                   status code no engine writes): one bad workflow must not hide the others
     * @param cost       how long reading it took (nanoseconds)
     */
    record Listing(List<Entry> entries, List<Unreadable> unreadable, long readAt, long cost) {
    }

    record Entry(String id, WorkflowState.Status status) {
    }

    record Unreadable(String id, String error) {
    }

    private record Timed<T>(T value, long readAt, long cost) {
    }

    /** What is known about one workflow id; its lock serialises reads of that workflow. */
    private static final class Slot {
        final ReentrantLock lock = new ReentrantLock();
        final long seen;
        volatile WorkflowState.Status finalStatus;
        volatile Timed<Summary> summary;
        volatile int total = -1;

        Slot(long seen) {
            this.seen = seen;
        }
    }

    WorkflowCache(WorkflowReader reader, Duration maxAge) {
        this.reader = reader;
        this.maxAgeNanos = maxAge.toNanos();
    }

    WorkflowReader reader() {
        return reader;
    }

    /** Every workflow the reader knows, newest first; at most one interval old. */
    Listing listing() {
        Listing current = listing;
        if (current != null && fresh(current.readAt, current.cost)) {
            return current;
        }
        listingLock.lock();
        try {
            current = listing;
            if (current != null && fresh(current.readAt, current.cost)) {
                return current;
            }
            long readAt = System.nanoTime();
            List<String> ids = reader.workflowIds();
            Set<String> present = new HashSet<>(ids);
            for (String id : List.copyOf(slots.keySet())) {
                if (!present.contains(id)) {
                    forget(id); // cleared
                }
            }
            List<Entry> entries = new ArrayList<>(ids.size());
            List<Unreadable> unreadable = new ArrayList<>();
            List<Long> order = new ArrayList<>(ids.size());
            for (String id : ids) {
                Slot slot = slot(id);
                WorkflowState.Status status = slot.finalStatus;
                if (status == null) {
                    try {
                        status = reader.workflowState(id).status();
                    } catch (WorkflowDoesNotExist e) {
                        continue; // cleared since it was listed
                    } catch (RuntimeException e) {
                        unreadable.add(new Unreadable(id, String.valueOf(e.getMessage())));
                        continue;
                    }
                    if (status.isFinished()) {
                        slot.finalStatus = status;
                    }
                }
                entries.add(new Entry(id, status));
                order.add(slot.seen);
            }
            List<Integer> indexes = new ArrayList<>(entries.size());
            for (int i = 0; i < entries.size(); i++) {
                indexes.add(i);
            }
            indexes.sort(Comparator.comparingLong((Integer i) -> order.get(i)).reversed());
            List<Entry> sorted = new ArrayList<>(entries.size());
            for (int i : indexes) {
                sorted.add(entries.get(i));
            }
            current = new Listing(List.copyOf(sorted), List.copyOf(unreadable), readAt, System.nanoTime() - readAt);
            listing = current;
            return current;
        } finally {
            listingLock.unlock();
        }
    }

    /** A workflow's numbers: kept for good once finished, else at most one interval old. */
    Summary summary(String id) {
        Slot slot = slot(id);
        Timed<Summary> s = slot.summary;
        if (s != null && usable(s.value.status(), s)) {
            return s.value;
        }
        return read(id, slot, false).summary();
    }

    /** Every job's state; at most one interval old unless the workflow has finished. */
    States states(String id) {
        Timed<States> kept = states.get(id);
        if (kept != null && usable(kept.value.summary().status(), kept)) {
            return kept.value;
        }
        return read(id, slot(id), true);
    }

    /**
     * Reads every job state once for all waiting callers. {@code keep}: also keep the states (a
     * workflow page needs them again); a list row needs only the summary.
     */
    private States read(String id, Slot slot, boolean keep) {
        return locked(id, slot, () -> {
            Timed<States> again = states.get(id);
            if (again != null && usable(again.value.summary().status(), again)) {
                return again.value;
            }
            long readAt = System.nanoTime();
            States read = States.read(reader, id, total(id, slot));
            long cost = System.nanoTime() - readAt;
            if (keep) {
                states.put(id, new Timed<>(read, readAt, cost));
            }
            slot.summary = new Timed<>(read.summary(), readAt, cost);
            if (read.summary().status().isFinished()) {
                slot.finalStatus = read.summary().status();
            }
            return read;
        });
    }

    /** The workflow's definition, diagram and layout (read once, kept for the last few ids). */
    Definition definition(String id) {
        Definition d = definitions.get(id);
        if (d != null) {
            return d;
        }
        Slot slot = slot(id);
        return locked(id, slot, () -> {
            Definition again = definitions.get(id);
            if (again != null) {
                return again;
            }
            Definition read = Definition.of(reader.workflow(id));
            slot.total = read.size();
            definitions.put(id, read);
            shapes.put(id, read.shape);
            return read;
        });
    }

    /** What a live update needs of the definition; kept for more workflows than definitions are. */
    Definition.Shape shape(String id) {
        Definition.Shape s = shapes.get(id);
        return s != null ? s : definition(id).shape;
    }

    /** The number of jobs: from the definition, since a Redis hash need not hold PENDING jobs. */
    private int total(String id, Slot slot) {
        if (slot.total < 0) {
            Definition.Shape s = shapes.get(id);
            slot.total = s != null ? s.size() : reader.workflow(id).size();
        }
        return slot.total;
    }

    private <T> T locked(String id, Slot slot, Supplier<T> read) {
        slot.lock.lock();
        try {
            return read.get();
        } catch (WorkflowDoesNotExist e) {
            forget(id);
            throw e;
        } finally {
            slot.lock.unlock();
        }
    }

    /** Drops what is kept for an id (it was cleared, or never existed). */
    private void forget(String id) {
        slots.remove(id);
        states.remove(id);
        definitions.remove(id);
        shapes.remove(id);
    }

    private Slot slot(String id) {
        return slots.computeIfAbsent(id, k -> new Slot(firstSeen.incrementAndGet()));
    }

    private boolean usable(WorkflowState.Status status, Timed<?> read) {
        return status.isFinished() || fresh(read.readAt, read.cost);
    }

    /**
     * Younger than the update interval, or than twice what the read cost: a read that takes longer
     * than half the interval (HGETALL of 10^5 jobs from Redis can take a second) is not repeated back
     * to back, so the dashboard leaves the reader at least half its time.
     */
    private boolean fresh(long readAt, long cost) {
        return System.nanoTime() - readAt < Math.max(maxAgeNanos, 2 * cost);
    }

    /**
     * A small least-recently-used map, bounded by entries and by a total weight; every method locks
     * it (entries are few, calls are short).
     */
    private static final class Lru<V> {
        private final int capacity;
        private final long maxWeight;
        private final ToLongFunction<V> weigher;
        private final LinkedHashMap<String, V> map = new LinkedHashMap<>(16, 0.75f, true);
        private long weight;

        Lru(int capacity, long maxWeight, ToLongFunction<V> weigher) {
            this.capacity = capacity;
            this.maxWeight = maxWeight;
            this.weigher = weigher;
        }

        synchronized V get(String key) {
            return map.get(key);
        }

        /** Adds the entry, then drops the least recently used ones (never the new one) past the bounds. */
        synchronized void put(String key, V value) {
            remove(key);
            map.put(key, value);
            weight += weigher.applyAsLong(value);
            var eldest = map.entrySet().iterator();
            while ((map.size() > capacity || weight > maxWeight) && map.size() > 1) {
                var e = eldest.next();
                weight -= weigher.applyAsLong(e.getValue());
                eldest.remove();
            }
        }

        synchronized void remove(String key) {
            V old = map.remove(key);
            if (old != null) {
                weight -= weigher.applyAsLong(old);
            }
        }
    }
}
