package dev.hymir.examples;

import dev.hymir.Chain;
import dev.hymir.Group;
import dev.hymir.HymirEngine;
import dev.hymir.Job;
import dev.hymir.JobFunction;
import dev.hymir.Step;
import dev.hymir.Workflow;
import dev.hymir.WorkflowState;

import java.util.ArrayList;
import java.util.List;

/**
 * Plain Java, no journal, no JVM flags: one job per piece of work, all running at once, then one job
 * that adds their results up.
 *
 * <pre>examples/run fan-out [PIECES]</pre>
 */
public final class FanOut {
    private FanOut() {
    }

    /** One piece of work: the sum of the squares below {@code n} (stands for a real computation). */
    @JobFunction(output = "parts")
    public static long sumOfSquares(int n) {
        long sum = 0;
        for (long i = 0; i < n; i++) {
            sum += i * i;
        }
        return sum;
    }

    /** Runs once every piece has finished; {@code parts} holds each piece's result. */
    @JobFunction(inputs = "parts", output = "total")
    public static long total(List<Long> parts) {
        return parts.stream().mapToLong(Long::longValue).sum();
    }

    public static void main(String[] args) {
        int pieces = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        List<Step> work = new ArrayList<>();
        for (int i = 0; i < pieces; i++) {
            work.add(Job.of(FanOut::sumOfSquares).set(10_000 + i));
        }
        Workflow wf = Workflow.of(Chain.of(Group.of(work), Job.of(FanOut::total)));

        try (HymirEngine engine = HymirEngine.builder().build()) {
            long start = System.nanoTime();
            String id = engine.run(wf);
            WorkflowState state = engine.await(id);
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.println("workflow " + id + ": " + state.status() + " in " + millis + " ms");
            System.out.println(pieces + " pieces, total = " + engine.outputs(id).get("total").get(0));
        }
    }
}
