package dev.hymir;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobTest {
    @Test
    void methodReferenceNamesTheFunctionAndTakesTheAnnotationsDefaults() {
        Job j = Job.of(SampleJobs::processReports);
        assertThat(j.name()).isEqualTo("dev.hymir.SampleJobs.processReports");
        assertThat(j.identity()).isNull();
        assertThat(j.output()).isEqualTo("counts");
        assertThat(j.inputs()).containsExactly(new Job.Input("reports", "reports"));
        assertThat(j.meta()).containsExactly(Map.entry("timeout", "PT30S"), Map.entry("concurrency", "4"));
    }

    @Test
    void customNameAndRenamedInputFromTheAnnotation() {
        assertThat(Job.of(SampleJobs::rollup).name()).isEqualTo("reports.rollup");
        Job renamed = Job.of(SampleJobs::renamed);
        assertThat(renamed.inputs()).containsExactly(new Job.Input("inventory_reports", "reports"));
        assertThat(renamed.inputs().get(0).isRenamed()).isTrue();
    }

    @Test
    void voidAndValueReturningMethodsOfSeveralArities() {
        assertThat(Job.of(SampleJobs::dummy).name()).endsWith(".dummy");
        assertThat(Job.of(SampleJobs::add).name()).endsWith(".add");
        assertThat(Job.of(SampleJobs::startReport).output()).isEqualTo("reports");
    }

    @Test
    void withersReturnNewJobsAndLeaveTheOriginalAlone() {
        Job base = Job.named("m.a");
        Job changed = base.set(1, "two").withKwargs(Map.of("k", true)).withOutput("o")
                .withInputs("x", "y->z").withMeta(Map.of("timeout", "PT1S"));
        assertThat(base.args()).isEmpty();
        assertThat(base.output()).isNull();
        assertThat(changed.args()).containsExactly(1, "two");
        assertThat(changed.kwargs()).containsExactly(Map.entry("k", true));
        assertThat(changed.inputs()).containsExactly(new Job.Input("x", "x"), new Job.Input("y", "z"));
        assertThat(changed.meta()).containsEntry("timeout", "PT1S");
        assertThat(changed.withMeta(Map.of("concurrency", 2)).meta()).containsOnlyKeys("timeout", "concurrency");
        assertThat(changed.set().args()).isEmpty();
        assertThat(changed.withInput("w", "v").inputs()).hasSize(3);
    }

    @Test
    void argsMayBeNullAndCollectionsAreUnmodifiable() {
        Job j = Job.named("m.a").set("x", null);
        assertThat(j.args()).containsExactly("x", null);
        assertThatThrownBy(() -> j.args().add("y")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> j.kwargs().put("y", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void jobsWithTheSameFieldsAreEqual() {
        assertThat(Job.named("m.a").set(1)).isEqualTo(Job.named("m.a").set(1)).hasSameHashCodeAs(Job.named("m.a").set(1));
        assertThat(Job.named("m.a").set(1)).isNotEqualTo(Job.named("m.a").set(2));
    }

    @Test
    void badNamesAndDuplicateParametersAreRefused() {
        assertThatThrownBy(() -> Job.named(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Job.named("m.a").withInputs("a->p", "b->p"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parameter 'p' to two inputs");
    }

    @Test
    void resultsValidateTheirArguments() {
        assertThat(new Retry(null, null, 3).waitMin()).isZero();
        assertThatThrownBy(() -> new Retry(java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(1), 1))
                .hasMessageContaining("shorter than waitMin");
        assertThatThrownBy(() -> new Retry(null, null, -1)).hasMessageContaining("maxRetries");
        assertThat(new CheckLater(null, null).context()).isEmpty();
        assertThat(Success.empty().result()).isNull();
        assertThat(List.<JobResult>of(Success.empty(), new Failure("x"))).hasSize(2);
    }
}
