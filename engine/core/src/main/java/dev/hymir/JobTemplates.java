package dev.hymir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Numbers the distinct jobs of a workflow being built, so the {@code Dag} stores each once: the same
 * Job instance added again is found by identity (a Group of 10^6 copies costs one lookup each), an
 * equal job by value (identity ignored). Templates carry no identity.
 */
final class JobTemplates {
    private final List<Job> templates = new ArrayList<>();
    private final Map<Job, Integer> byInstance = new IdentityHashMap<>();
    private final Map<Job, Integer> byValue = new HashMap<>();
    private Job last;
    private int lastIndex;

    /** The template number of {@code job}. */
    int indexOf(Job job) {
        if (job == last) {
            return lastIndex;
        }
        Integer index = byInstance.get(job);
        if (index == null) {
            Job template = job.withIdentity(null);
            index = byValue.get(template);
            if (index == null) {
                index = templates.size();
                templates.add(template);
                byValue.put(template, index);
            }
            byInstance.put(job, index);
        }
        last = job;
        lastIndex = index;
        return index;
    }

    Job[] toArray() {
        return templates.toArray(new Job[0]);
    }
}
