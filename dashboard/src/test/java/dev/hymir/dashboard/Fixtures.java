package dev.hymir.dashboard;

import dev.hymir.Chain;
import dev.hymir.Group;
import dev.hymir.HymirEngine;
import dev.hymir.Job;
import dev.hymir.Step;
import dev.hymir.Workflow;
import dev.hymir.WorkflowExecutor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Workflows the dashboard tests run, and how they start a dashboard. */
final class Fixtures {
    private Fixtures() {
    }

    static HymirEngine engine() {
        return HymirEngine.builder().build();
    }

    /** A dashboard on a free loopback port, refreshing every 100 ms; started. */
    static HymirDashboard dashboard(dev.hymir.WorkflowReader reader, WorkflowExecutor canceller) {
        return HymirDashboard.builder().reader(reader).port(0).allowCancel(canceller)
                .updateInterval(Duration.ofMillis(100)).build().start();
    }

    /** Chain(quick, Group of {@code n} quick jobs, quick): done at once. */
    static Workflow fanOut(int n) {
        List<Step> members = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            members.add(Job.of(DashJobs::quick).set(i));
        }
        return Workflow.of(Chain.of(Job.of(DashJobs::quick).set(-1), Group.of(members), Job.of(DashJobs::quick).set(-2)));
    }

    /** Chain(quick, Group of {@code n} jobs each waiting for one permit of {@code gate}, quick). */
    static Workflow gatedFanOut(String gate, int n) {
        List<Step> members = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            members.add(Job.of(DashJobs::gated).set(gate));
        }
        return Workflow.of(Chain.of(Job.of(DashJobs::quick).set(0), Group.of(members), Job.of(DashJobs::quick).set(1)));
    }

    /** Group(quick, quick, fail(message)). */
    static Workflow failing(String message) {
        return Workflow.of(Group.of(Job.of(DashJobs::quick).set(1), Job.of(DashJobs::quick).set(2),
                Job.of(DashJobs::fail).set(message)));
    }

    static void await(CompletableFuture<?> f) {
        try {
            f.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
