package dev.hymir;

import dev.hymir.internal.engine.InMemoryJournal;
import dev.hymir.spi.DispatchContext;
import dev.hymir.spi.Dispatcher;
import dev.hymir.spi.JobTicket;
import dev.hymir.spi.Transition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dispatcher seam as workers in other processes use it: attempts journaled before they are handed
 * over, handed back after a restart with the same attempt numbers, outcomes fenced by ticket, and
 * settled once durable.
 */
class RemoteDispatchSeamTest {

    /** Holds what it is given; the test plays the remote worker. */
    static final class HoldingDispatcher implements Dispatcher {
        final InMemoryJournal journal;
        final List<JobTicket> dispatched = new CopyOnWriteArrayList<>();
        final List<JobTicket> resumed = new CopyOnWriteArrayList<>();
        final List<JobTicket> settled = new CopyOnWriteArrayList<>();
        final List<String> startedBeforeHandOver = new CopyOnWriteArrayList<>();
        DispatchContext context;

        HoldingDispatcher(InMemoryJournal journal) {
            this.journal = journal;
        }

        @Override
        public void start(DispatchContext context) {
            this.context = context;
        }

        @Override
        public int capacity() {
            return 1000;
        }

        @Override
        public void dispatch(List<? extends JobTicket> tickets) {
            for (JobTicket t : tickets) {
                boolean journaled = journal.records().stream().anyMatch(r -> r instanceof Transition.Started s
                        && s.job() == Integer.parseInt(t.jobId()) - 1 && s.attempt() == t.attempt());
                if (journaled) {
                    startedBeforeHandOver.add(t.jobId() + "#" + t.attempt());
                }
            }
            dispatched.addAll(tickets);
        }

        @Override
        public void resume(List<? extends JobTicket> tickets) {
            resumed.addAll(tickets);
        }

        @Override
        public void interrupt(JobTicket ticket) {
        }

        @Override
        public void settled(List<? extends JobTicket> tickets) {
            settled.addAll(tickets);
        }

        @Override
        public boolean journalsStarts() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    private static JobRegistry registry() {
        return JobRegistry.explicitOnly().register("remote", call -> {
            throw new AssertionError("remote jobs run on the (test's) workers");
        });
    }

    @Test
    void attemptsAreJournaledBeforeHandOverResumedAfterARestartAndFencedByTicket() {
        InMemoryJournal journal = new InMemoryJournal();
        HoldingDispatcher first = new HoldingDispatcher(journal);
        String id;
        List<JobTicket> before;
        try (HymirEngine engine = HymirEngine.builder().registry(registry()).journal(journal).dispatcher(first).build()) {
            id = engine.run(Workflow.of(Chain.of(Group.of(Job.named("remote").set(1), Job.named("remote").set(2)),
                    Job.named("remote").set(3))));
            await().until(() -> first.dispatched.size() == 2);
            assertThat(first.startedBeforeHandOver).containsExactlyInAnyOrder("1#0", "2#0");
            assertThat(engine.jobState(id, "1").status()).isEqualTo(JobState.Status.STARTING);
            // Job 1 reports once (a duplicate delivery is refused); job 2 is still out there at the "crash".
            JobTicket one = first.dispatched.get(0).jobId().equals("1") ? first.dispatched.get(0) : first.dispatched.get(1);
            assertThat(first.context.report(one, Success.empty(), null, null, 1)).isTrue();
            assertThat(first.context.report(one, Success.empty(), null, null, 1)).isFalse();
            await().until(() -> engine.jobState(id, "1").status() == JobState.Status.SUCCESS);
            await().until(() -> first.settled.contains(one));
            before = List.copyOf(first.dispatched);
            journal.close(); // as a crash: nothing more is journaled (closing the engine journals nothing)
        }

        HoldingDispatcher second = new HoldingDispatcher(journal);
        try (HymirEngine engine = HymirEngine.builder().registry(registry()).journal(journal).dispatcher(second).build()) {
            // Job 2 was started and has no outcome: handed back, same attempt, not dispatched anew.
            assertThat(second.resumed).extracting(JobTicket::jobId, JobTicket::attempt).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("2", 0));
            assertThat(second.dispatched).isEmpty();
            assertThat(engine.jobState(id, "1").status()).isEqualTo(JobState.Status.SUCCESS);
            // A result carried by the old engine's ticket means nothing to this one.
            JobTicket stale = before.stream().filter(t -> t.jobId().equals("2")).findFirst().orElseThrow();
            second.context.report(stale, Success.empty(), null, null, 1);
            second.context.report(second.resumed.get(0), Success.empty(), null, null, 1);
            await().until(() -> second.dispatched.size() == 1); // job 3, after 1 and 2
            assertThat(second.dispatched.get(0).jobId()).isEqualTo("3");
            assertThat(second.startedBeforeHandOver).containsExactly("3#0");
            second.context.report(second.dispatched.get(0), Success.empty(), null, null, 1);
            assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
            assertThat(second.settled).contains(second.resumed.get(0), second.dispatched.get(0));
        }
        List<Transition> started = new ArrayList<>();
        for (Transition t : journal.records()) {
            if (t instanceof Transition.Started s) {
                started.add(s);
            }
        }
        assertThat(started).hasSize(3); // jobs 1, 2 (once: resumed, not re-dispatched) and 3
    }
}
