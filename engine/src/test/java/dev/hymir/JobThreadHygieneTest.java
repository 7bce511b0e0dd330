package dev.hymir;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job's thread may go on to run the next job of its workflow (a chain's hop then starts no thread):
 * nothing a job leaves on its thread may reach the next one, or the core's work done on that thread.
 */
@Timeout(60)
class JobThreadHygieneTest {
    @TempDir
    Path dir;

    static final AtomicInteger INTERRUPTED_AT_START = new AtomicInteger();

    @Test
    void aJobThatLeavesItsInterruptFlagSetNeitherInterruptsTheNextJobNorBreaksTheJournal() {
        INTERRUPTED_AT_START.set(0);
        JobRegistry registry = JobRegistry.explicitOnly()
                .register("leaves-interrupt-set", call -> {
                    if (Thread.currentThread().isInterrupted()) {
                        INTERRUPTED_AT_START.incrementAndGet();
                    }
                    Thread.currentThread().interrupt(); // e.g. caught InterruptedException and restored the flag
                    return "done";
                });
        Workflow.Builder b = Workflow.builder();
        int previous = b.addAfter(Job.named("leaves-interrupt-set"));
        for (int i = 1; i < 500; i++) {
            previous = b.addAfter(Job.named("leaves-interrupt-set"), previous);
        }
        Workflow wf = b.build();
        try (HymirEngine engine = HymirEngine.builder().registry(registry).journal(dir.resolve("journal")).build()) {
            String id = engine.run(wf);
            assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
            assertThat(INTERRUPTED_AT_START).hasValue(0);
            // the journal took every record although each report came from a thread with its flag set
            assertThat(engine.run(wf)).isNotNull();
        }
        try (HymirEngine reopened = HymirEngine.builder().registry(registry).journal(dir.resolve("journal")).build()) {
            assertThat(reopened.workflowIds()).hasSize(2);
        }
    }
}
