package dev.hymir.it;

import dev.hymir.Chain;
import dev.hymir.HymirEngine;
import dev.hymir.Job;
import dev.hymir.JobRegistry;
import dev.hymir.RedisStateStore;
import dev.hymir.Workflow;

import java.nio.file.Path;

/**
 * The child JVM of {@link ClearDurabilityTest}: {@code DIR REDIS_URL} runs a small journaled workflow
 * with Redis snapshots, clears it, prints {@code CLEARED <id>}, then waits to be killed.
 */
public final class ClearChild {
    private ClearChild() {
    }

    public static void main(String[] args) throws Exception {
        JobRegistry registry = JobRegistry.explicitOnly().register("value", call -> 42);
        HymirEngine engine = HymirEngine.builder().registry(registry).journal(Path.of(args[0]))
                .stateStore(RedisStateStore.connect(args[1])).build();
        String id = engine.run(Workflow.of(Chain.of(Job.named("value").withOutput("v"), Job.named("value"))));
        engine.await(id);
        engine.clear(id);
        System.out.println("CLEARED " + id);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE); // killed here, with the engine still open
    }
}
