package dev.hymir.internal.journal;

import dev.hymir.JournalDurability;
import dev.hymir.WorkflowState;
import dev.hymir.spi.Transition;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Shared by the journal tests and the golden-file generator. */
final class JournalFixtures {
    private JournalFixtures() {
    }

    static ChronicleJournal open(Path dir) {
        return ChronicleJournal.open(new ChronicleJournal.Options(dir, JournalDurability.PROCESS_CRASH, false, null, null));
    }

    /** One transition of every type, with edge values (null output, big keys, unicode, 0 due time). */
    static List<Transition> everyType() {
        String definition = "{\"directed\":true,\"multigraph\":false,\"graph\":{},\"nodes\":[{\"id\":\"1\","
                + "\"name\":\"dev.hymir.TestJobs.succeeds\"}],\"links\":[]}";
        List<Transition> list = new ArrayList<>();
        list.add(new Transition.Submitted(0, "0b9d6c1e-2f4a-4c57-9a55-1f0e2d3c4b5a", definition));
        list.add(new Transition.Started(0, 0, 0));
        list.add(new Transition.Succeeded(0, 0, "{\"total\":42,\"name\":\"Zoë ✓\"}"));
        list.add(new Transition.Succeeded(0, 1, null));
        list.add(new Transition.Succeeded(0, 2, "null"));
        list.add(new Transition.Failed(0, 3, "java.lang.IllegalStateException: boom\n\tat x.y(Z.java:1)"));
        list.add(new Transition.RetryScheduled(0, 4, 2, 1_767_225_600_000L));
        list.add(new Transition.CheckLaterScheduled(0, 5, 0L, "{\"n\":1}"));
        list.add(new Transition.Started(70_000, 1_000_000, 129));
        list.add(new Transition.Cancelled(1));
        list.add(new Transition.Finished(0, WorkflowState.Status.SUCCESS));
        list.add(new Transition.Finished(1, WorkflowState.Status.CANCELLED));
        list.add(new Transition.Cleared(0));
        return list;
    }
}
