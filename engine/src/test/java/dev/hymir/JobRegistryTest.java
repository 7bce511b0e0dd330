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
    void registeringIsImmutableAndRefusesClashes() {
        JobRegistry base = JobRegistry.explicitOnly();
        JobRegistry withOne = base.register("a", call -> null);
        assertThat(base.contains("a")).isFalse();
        assertThatThrownBy(() -> withOne.register("a", call -> null)).hasMessageContaining("already registered");
        assertThatThrownBy(() -> base.register("x", new SampleJobs.Mailer(), "nope")).hasMessageContaining("0 public instance methods");
        assertThatThrownBy(() -> base.register(String.class)).hasMessageContaining("no @JobFunction methods");
    }
}
