package dev.hymir.internal.engine;

import dev.hymir.spi.DispatchContext;
import dev.hymir.spi.Dispatcher;
import dev.hymir.spi.JobTicket;

import java.util.List;

/**
 * For benchmarks and tests only: runs each attempt on the thread that has the core, right where a
 * virtual thread would be started. Every transition still takes the engine's path (admission,
 * STARTING, the registry and invoker, the report, the next pass applying it); only the thread is left
 * out, which is what {@code SchedulerTransitionBenchmark} measures. A timeout or a cancel cannot
 * interrupt such a job, and job code runs inside the core: never use it with real jobs.
 */
public final class InlineDispatcher implements Dispatcher {
    private DispatchContext context;

    @Override
    public void start(DispatchContext context) {
        this.context = context;
    }

    @Override
    public int capacity() {
        return Integer.MAX_VALUE;
    }

    @Override
    public void dispatch(List<? extends JobTicket> tickets) {
        for (int i = 0; i < tickets.size(); i++) {
            context.execute(tickets.get(i)); // its report waits on the stack for the core's next pass
        }
    }

    @Override
    public void interrupt(JobTicket ticket) {
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "InlineDispatcher(jobs run inside the core: benchmarks only)";
    }
}
