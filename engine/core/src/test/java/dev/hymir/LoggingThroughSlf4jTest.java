package dev.hymir;

import dev.hymir.internal.engine.InMemoryStateStore;
import dev.hymir.logging.CapturingSlf4jProvider;
import dev.hymir.spi.RunView;
import dev.hymir.spi.StateStore;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's warnings reach the application's SLF4J backend (here {@link CapturingSlf4jProvider}),
 * with the failure as the record's throwable: a state store that fails closing is a warning, and the
 * engine still closes.
 */
class LoggingThroughSlf4jTest {

    @Test
    void aStateStoreThatFailsClosingIsAWarningInTheSlf4jBackend() {
        IllegalStateException failure = new IllegalStateException("the store's connection is gone");
        FailsClosing store = new FailsClosing(failure);
        HymirEngine engine = HymirEngine.builder().stateStore(store).build();
        String id = engine.run(Workflow.of(Chain.of(Job.of(TestJobs::succeeds))));
        assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);

        engine.close();

        assertThat(CapturingSlf4jProvider.events()).filteredOn(e -> e.throwable() == failure)
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.level()).isEqualTo(Level.WARN);
                    assertThat(e.logger()).isEqualTo("dev.hymir.engine");
                    assertThat(e.message()).isEqualTo("closing " + store + " failed");
                });
    }

    /** An in-memory store whose close throws, as a store whose server went away might. */
    private static final class FailsClosing implements StateStore {
        private final InMemoryStateStore stored = new InMemoryStateStore();
        private final RuntimeException failure;

        FailsClosing(RuntimeException failure) {
            this.failure = failure;
        }

        @Override
        public void start(Context context) {
            stored.start(context);
        }

        @Override
        public void changed(RunView run) {
            stored.changed(run);
        }

        @Override
        public void afterStored(RunView run, Consumer<Boolean> action) {
            stored.afterStored(run, action);
        }

        @Override
        public void clear(String workflowId, Set<String> outputNames, Runnable done) {
            stored.clear(workflowId, outputNames, done);
        }

        @Override
        public void close() {
            stored.close();
            throw failure;
        }

        @Override
        public String toString() {
            return "the failing test store";
        }
    }
}
