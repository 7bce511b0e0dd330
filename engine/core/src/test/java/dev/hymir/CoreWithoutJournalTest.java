package dev.hymir;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The core artifact alone: no journal library on the classpath, no JVM flags (this module's tests run without them). */
class CoreWithoutJournalTest {

    @Test
    void aJournalDirectoryWithoutTheJournalModuleNamesTheArtifactToAdd(@TempDir Path dir) {
        assertThatThrownBy(() -> HymirEngine.builder().journal(dir.resolve("journal")).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("dev.hymir:hymir-journal")
                .hasMessageContaining(dir.resolve("journal").toString());
        assertThat(dir.resolve("journal")).doesNotExist(); // nothing created, nothing locked
    }

    @Test
    void theInMemoryEngineRunsWithoutChronicleOnTheClasspath() throws Exception {
        assertThatThrownBy(() -> Class.forName("net.openhft.chronicle.queue.ChronicleQueue"))
                .isInstanceOf(ClassNotFoundException.class);
        JobRegistry registry = JobRegistry.explicitOnly().register("core.echo", call -> "ok");
        try (HymirEngine engine = HymirEngine.builder().registry(registry).build()) {
            String id = engine.run(Workflow.of(Chain.of(Job.named("core.echo"), Job.named("core.echo"))));
            assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
        }
    }
}
