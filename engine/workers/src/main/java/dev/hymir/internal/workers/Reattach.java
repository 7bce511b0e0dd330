package dev.hymir.internal.workers;

import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * After a restart of the coordinator: the attempts its journal says were handed over and not
 * answered are looked for in the streams instead of being added again. An attempt whose entry is still
 * in its queue stream (waiting, or running on a worker) keeps it; one with an outcome in the results
 * stream waits for the reader to report it; one found in neither (the old process died between its
 * journal and its XADD, or Redis lost its data) is sent again. The queue is scanned before the results:
 * a worker adds its outcome before it deletes the entry, so an attempt is always seen in one of them.
 */
final class Reattach {
    private static final int PAGE = 1_000;

    private Reattach() {
    }

    static void run(Coordinator c, List<Coordinator.Attempt> attempts, CoordinatorSender sender) {
        Set<String> queues = new LinkedHashSet<>();
        for (Coordinator.Attempt a : attempts) {
            queues.add(a.queue);
        }
        Map<String, StreamEntryID> queued = new HashMap<>();
        for (String queue : queues) {
            scan(c, queue, e -> {
                Map<String, String> f = e.getFields();
                if (c.resultsKey.equals(f.get(Streams.REPLY))) {
                    queued.put(Coordinator.keyOf(f.get(Streams.WORKFLOW), f.get(Streams.JOB)) + '\t' + f.get(Streams.ATTEMPT), e.getID());
                }
            });
        }
        Set<String> answered = new HashSet<>();
        scan(c, c.resultsKey, e -> {
            String batch = e.getFields().get(Streams.BATCH);
            if (batch == null) {
                return;
            }
            try {
                for (Outcomes.Outcome o : Outcomes.decode(batch)) {
                    answered.add(Coordinator.keyOf(o.workflowId(), o.jobId()) + '\t' + o.attempt());
                }
            } catch (IllegalArgumentException junk) {
                // the reader drops it (and says so)
            }
        });
        int found = 0;
        int again = 0;
        for (Coordinator.Attempt a : attempts) {
            if (c.attempts.get(a.key) != a) {
                found++; // answered (its outcome was in the results stream) or given up on meanwhile
                continue;
            }
            String key = a.attemptKey();
            StreamEntryID id = queued.get(key);
            if (id != null) {
                a.entry = id;
                a.sent = true;
                found++;
            } else if (answered.contains(key)) {
                a.sent = true; // its outcome waits in the results stream
                found++;
            } else {
                sender.addAgain(a);
                again++;
            }
        }
        c.reattached.addAndGet(found);
        c.redispatched.addAndGet(again);
        Coordinator.LOG.info("RedisWorkers {}: after a restart, {} attempt(s) in flight: {} still in the streams"
                + " (waiting, running or answered), {} sent again", c.settings.name(), attempts.size(), found, again);
    }

    private static void scan(Coordinator c, String key, java.util.function.Consumer<StreamEntry> each) {
        String start = "-";
        while (true) {
            List<StreamEntry> page = c.redis.xrange(key, start, "+", PAGE);
            for (StreamEntry e : page) {
                each.accept(e);
            }
            if (page.size() < PAGE) {
                return;
            }
            start = "(" + page.get(page.size() - 1).getID();
        }
    }
}
