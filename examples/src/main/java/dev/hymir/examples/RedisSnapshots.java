package dev.hymir.examples;

import dev.hymir.Chain;
import dev.hymir.Group;
import dev.hymir.HymirEngine;
import dev.hymir.Job;
import dev.hymir.JobFunction;
import dev.hymir.Progress;
import dev.hymir.RedisExecutor;
import dev.hymir.RedisStateStore;
import dev.hymir.Step;
import dev.hymir.Workflow;
import dev.hymir.WorkflowState;
import dev.hymir.testing.LocalRedisServer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An engine that writes every workflow's state to Redis (Python Hymir's key layout), and a
 * {@link RedisExecutor} that reads it the way another process would: progress while it runs, then
 * the final state and the outputs. Without a URL, a throwaway redis-server (from the PATH) is started
 * on a free loopback port.
 *
 * <pre>examples/run redis-snapshots [redis://host:port/db]</pre>
 */
public final class RedisSnapshots {
    private RedisSnapshots() {
    }

    /** Fetches one page of a report (stands for a slow call). */
    @JobFunction(output = "pages")
    public static String fetch(int page) throws InterruptedException {
        Thread.sleep(20);
        return "page-" + page;
    }

    /** Runs once every page is fetched. */
    @JobFunction(inputs = "pages", output = "report")
    public static String assemble(List<String> pages) {
        return pages.size() + " pages";
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0) {
            run(args[0]);
            return;
        }
        try (LocalRedisServer redis = LocalRedisServer.start()) {
            System.out.println("started redis-server at " + redis.url());
            run(redis.url());
        }
    }

    private static void run(String url) throws InterruptedException {
        List<Step> pages = new ArrayList<>();
        for (int page = 1; page <= 200; page++) {
            pages.add(Job.of(RedisSnapshots::fetch).set(page));
        }
        Workflow wf = Workflow.of(Chain.of(Group.of(pages), Job.of(RedisSnapshots::assemble)));

        try (HymirEngine engine = HymirEngine.builder().stateStore(RedisStateStore.connect(url)).maxConcurrency(8).build();
             RedisExecutor reader = RedisExecutor.connect(url)) {
            String id = engine.run(wf);
            // The reader knows only Redis, like a dashboard or a script in another process would. The
            // engine writes its snapshots asynchronously: the workflow shows up there a moment later.
            while (!reader.workflowIds().contains(id)) {
                Thread.sleep(10);
            }
            WorkflowState state;
            while ((state = reader.await(id, Duration.ofMillis(200))).status() == WorkflowState.Status.RUNNING
                    || state.status() == WorkflowState.Status.PENDING) {
                Progress p = reader.progress(id);
                System.out.println("redis says: " + p.finished() + "/" + p.total() + " jobs finished");
            }
            engine.await(id);
            System.out.println("redis says: workflow " + id + " " + reader.workflowState(id).status()
                    + ", report = " + reader.outputs(id).get("report"));
        }
    }
}
