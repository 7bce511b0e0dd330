package dev.hymir;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobRegistryTest {
    @Test
    void resolvesAnnotatedMethodsByName() {
        JobRegistry registry = JobRegistry.standard();
        assertThat(registry.contains("dev.hymir.SampleJobs.add")).isTrue();
        assertThat(registry.contains("dev.hymir.SampleJobs.notAJob")).isFalse();
        // a custom name is only known once the class is registered
        assertThat(registry.contains("reports.rollup")).isFalse();
        assertThat(registry.register(SampleJobs.class).contains("reports.rollup")).isTrue();
    }

    @Test
    void explicitRegistrations() {
        JobRegistry registry = JobRegistry.explicitOnly()
                .register("send-mail", call -> "ok")
                .register("mail-bean", new SampleJobs.Mailer(), "send");
        assertThat(registry.contains("send-mail")).isTrue();
        assertThat(registry.contains("mail-bean")).isTrue();
        // explicitOnly never loads classes by name
        assertThat(registry.contains("dev.hymir.SampleJobs.add")).isFalse();
        registry.validate(Workflow.of(Group.of(Job.named("send-mail").set(1, 2, 3), Job.named("mail-bean").set("bob"))));
        assertThatThrownBy(() -> registry.validate(Workflow.of(Job.named("mail-bean"))))
                .isInstanceOf(InvalidWorkflow.SignatureMismatch.class).hasMessageContaining("'to'");
    }

    @Test
    void registerAsAStatementRegistersOnThisRegistry() {
        JobRegistry registry = JobRegistry.explicitOnly();
        registry.register("a", call -> null); // the statement form: used to return a new registry, dropped here
        registry.register(SampleJobs.class);
        assertThat(registry.contains("a")).isTrue();
        assertThat(registry.contains("reports.rollup")).isTrue();
        assertThat(registry.register("b", new SampleJobs.Mailer(), "send")).isSameAs(registry);
        assertThat(registry.contains("b")).isTrue();
    }

    @Test
    void anEngineSeesNamesRegisteredAfterItWasBuilt() {
        JobRegistry registry = JobRegistry.explicitOnly();
        try (HymirEngine engine = HymirEngine.builder().registry(registry).build()) {
            registry.register("late", call -> "here");
            String id = engine.run(Workflow.of(Job.named("late").withOutput("out")));
            assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
            assertThat(engine.outputs(id).get("out")).containsExactly("here");
        }
    }

    @Test
    void refusesClashesAndRegistersAClassAllOrNone() {
        JobRegistry registry = JobRegistry.explicitOnly();
        JobHandler first = call -> "first";
        registry.register("reports.rollup", first);
        assertThatThrownBy(() -> registry.register("reports.rollup", call -> null)).hasMessageContaining("already registered");
        // SampleJobs has reports.rollup too: nothing of the class lands
        assertThatThrownBy(() -> registry.register(SampleJobs.class)).hasMessageContaining("'reports.rollup' is already registered");
        assertThat(registry.contains("dev.hymir.SampleJobs.add")).isFalse();
        assertThatThrownBy(() -> registry.register("x", new SampleJobs.Mailer(), "nope")).hasMessageContaining("0 public instance methods");
        assertThatThrownBy(() -> registry.register(String.class)).hasMessageContaining("no @JobFunction methods");
        assertThat(registry.contains("x")).isFalse();
    }

    @Test
    void concurrentRegistrationsAllLand() throws Exception {
        JobRegistry registry = JobRegistry.explicitOnly();
        int threads = 8;
        int each = 200;
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        java.util.List<Thread> started = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            started.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int i = 0; i < each; i++) {
                    registry.register("job-" + thread + "-" + i, call -> null);
                }
            }));
        }
        go.countDown();
        for (Thread t : started) {
            t.join();
        }
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < each; i++) {
                assertThat(registry.contains("job-" + t + "-" + i)).as("job-" + t + "-" + i).isTrue();
            }
        }
    }
}
