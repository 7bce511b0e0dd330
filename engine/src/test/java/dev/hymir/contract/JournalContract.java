package dev.hymir.contract;

import dev.hymir.Chain;
import dev.hymir.Group;
import dev.hymir.HymirEngine;
import dev.hymir.Job;
import dev.hymir.JobRegistry;
import dev.hymir.Retry;
import dev.hymir.Workflow;
import dev.hymir.WorkflowState;
import dev.hymir.spi.Journal;
import dev.hymir.spi.Transition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link Journal} must do for the engine (DESIGN §9: role interfaces have an abstract
 * contract test, in-memory ones included). An implementation's test extends this and says how to
 * open its journal: {@link #open()} gives the journal as a fresh engine would find it after the
 * previous one closed (the same directory, the same object).
 */
public abstract class JournalContract {

    /** The journal, as found by the next engine: everything appended before is there. */
    protected abstract Journal open();

    private static List<Transition> replay(Journal journal) {
        List<Transition> read = new ArrayList<>();
        journal.replay(read::add);
        return read;
    }

    private static List<Transition> everyType() {
        return List.of(
                new Transition.Submitted(0, "wf-1", "{\"directed\":true,\"nodes\":[{\"id\":\"1\",\"job\":{\"n\":\"x\"}}],\"links\":[]}"),
                new Transition.Started(0, 0, 0),
                new Transition.Succeeded(0, 0, "{\"v\":[1,2,\"é\"]}"),
                new Transition.Succeeded(0, 1, null),
                new Transition.Failed(0, 2, "java.lang.IllegalStateException: boom\n\tat x.y(Z.java:1)"),
                new Transition.RetryScheduled(0, 3, 2, 1_764_000_000_000L),
                new Transition.CheckLaterScheduled(0, 4, Long.MAX_VALUE, "{\"n\":1}"),
                new Transition.Cancelled(0),
                new Transition.Finished(0, WorkflowState.Status.CANCELLED),
                new Transition.Stored(0),
                new Transition.Cleared(0));
    }

    @Test
    void anEmptyJournalReplaysNothing() {
        try (Journal journal = open()) {
            assertThat(replay(journal)).isEmpty();
        }
    }

    @Test
    void everyTransitionTypeComesBackEqualAndInOrder() {
        try (Journal journal = open()) {
            replay(journal);
            journal.append(everyType());
        }
        try (Journal journal = open()) {
            assertThat(replay(journal)).containsExactlyElementsOf(everyType());
        }
    }

    @Test
    void batchesAppendInOrderAcrossReopens() {
        List<Transition> all = everyType();
        try (Journal journal = open()) {
            replay(journal);
            journal.append(all.subList(0, 4));
            journal.append(all.subList(4, 6));
        }
        try (Journal journal = open()) {
            assertThat(replay(journal)).containsExactlyElementsOf(all.subList(0, 6));
            journal.append(all.subList(6, all.size()));
        }
        try (Journal journal = open()) {
            assertThat(replay(journal)).containsExactlyElementsOf(all);
        }
    }

    @Test
    void theCallerMayReuseTheBatchListOnceAppendReturned() {
        List<Transition> batch = new ArrayList<>(everyType().subList(0, 3));
        try (Journal journal = open()) {
            replay(journal);
            journal.append(batch);
            batch.clear();
            batch.add(new Transition.Finished(0, WorkflowState.Status.SUCCESS));
            journal.append(batch);
        }
        try (Journal journal = open()) {
            List<Transition> expected = new ArrayList<>(everyType().subList(0, 3));
            expected.add(new Transition.Finished(0, WorkflowState.Status.SUCCESS));
            assertThat(replay(journal)).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void aLargeBatchAndALargeRecordComeBack() {
        List<Transition> batch = new ArrayList<>();
        batch.add(new Transition.Submitted(7, "wf-big", "x".repeat(3_000_000)));
        for (int j = 0; j < 200_000; j++) {
            batch.add(new Transition.Succeeded(7, j, j % 1000 == 0 ? "\"" + j + "\"" : null));
        }
        try (Journal journal = open()) {
            replay(journal);
            journal.append(batch);
        }
        try (Journal journal = open()) {
            assertThat(replay(journal)).containsExactlyElementsOf(batch);
        }
    }

    /** The engine on this journal: a run journaled, the engine closed, the next engine knows it as it ended. */
    @Test
    void anEngineResumesWhatTheJournalHolds() {
        JobRegistry registry = JobRegistry.explicitOnly()
                .register("ok", call -> "v" + call.jobId())
                .register("later", call -> Retry.after(Duration.ofDays(1), 1));
        String done;
        String waiting;
        Journal journal = open();
        try (HymirEngine engine = HymirEngine.builder().registry(registry).journal(journal).build()) {
            done = engine.run(Workflow.of(Chain.of(Job.named("ok").withOutput("out"), Group.of(Job.named("ok"), Job.named("ok")))));
            assertThat(engine.await(done).status()).isEqualTo(WorkflowState.Status.SUCCESS);
            waiting = engine.run(Workflow.of(Job.named("later")));
            org.awaitility.Awaitility.await().until(() -> engine.jobState(waiting, "1").retries() == 1);
        } // closing cancels the waiting run, for good
        try (HymirEngine engine = HymirEngine.builder().registry(registry).journal(open()).build()) {
            assertThat(engine.workflowState(done).status()).isEqualTo(WorkflowState.Status.SUCCESS);
            assertThat(engine.outputs(done)).isEqualTo(Map.of("out", List.of("v1")));
            assertThat(engine.progress(done).finished()).isEqualTo(3);
            assertThat(engine.workflowState(waiting).status()).isEqualTo(WorkflowState.Status.CANCELLED);
        }
    }
}
